// Progressive enhancement of the public request form: the questions inside a
// `.govuk-radios__conditional` are shown only while the radio that names them in
// `data-reveals` is chosen. Without JavaScript every question stays visible.
for (const radio of document.querySelectorAll("input[type=radio][data-reveals]")) {
  const target = document.getElementById(radio.dataset.reveals);
  if (!target) continue;
  const group = document.querySelectorAll(`input[type=radio][name="${radio.name}"]`);
  const sync = () => {
    target.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
  };
  for (const other of group) other.addEventListener("change", sync);
  sync();
}
