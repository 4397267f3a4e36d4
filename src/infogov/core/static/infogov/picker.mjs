// People pickers: a <select data-picker-url> becomes a combobox that searches as you type
// (the ARIA "combobox with listbox popup" pattern). Without JavaScript the select stays.
// The select remains the form's control: choosing a person sets its value, so the form,
// its validation and its errors are unchanged. Only the select's own options are offered.

let counter = 0;

function optionsOf(select) {
  const byValue = new Map();
  for (const option of select.options) {
    if (option.value !== "") byValue.set(option.value, option.textContent.trim());
  }
  return byValue;
}

function localMatches(byValue, text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const found = [];
  for (const [value, label] of byValue) {
    const lower = label.toLowerCase();
    if (words.every((word) => lower.includes(word))) found.push({ value, label });
  }
  return found;
}

function enhance(select) {
  if (select.disabled || select.multiple || select.dataset.pickerReady) return;
  select.dataset.pickerReady = "true";
  counter += 1;
  const byValue = optionsOf(select);
  const id = select.id || `picker-${counter}`;
  const listId = `${id}-listbox`;
  const statusId = `${id}-status`;

  const wrapper = document.createElement("div");
  wrapper.className = "infogov-picker";
  const input = document.createElement("input");
  input.type = "text";
  input.id = id;
  input.className = "govuk-input infogov-picker__input";
  if (select.classList.contains("govuk-select--error")) input.classList.add("govuk-input--error");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "false");
  const hintId = `${id}-picker-hint`;
  const described = [select.getAttribute("aria-describedby"), hintId].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", described);
  // The server checks a required choice and says so in the error summary; a hidden
  // required select would only make the browser refuse the form without a word.
  if (select.required) {
    input.setAttribute("aria-required", "true");
    select.required = false;
  }
  if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));

  const hint = document.createElement("div");
  hint.id = hintId;
  hint.className = "govuk-hint infogov-picker__hint";
  hint.textContent = "Type part of a name, job title or division, then choose from the list.";

  const list = document.createElement("ul");
  list.id = listId;
  list.className = "infogov-picker__list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const label = document.querySelector(`label[for="${select.id}"]`);
  if (label) {
    label.id = label.id || `${id}-label`;
    list.setAttribute("aria-labelledby", label.id);
  }

  const none = document.createElement("p");
  none.className = "govuk-body infogov-picker__none";
  none.textContent = "No one matches.";
  none.hidden = true;

  const status = document.createElement("div");
  status.id = statusId;
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");

  // The select keeps its name and value for the form; the input takes its id and label.
  select.id = `${id}-select`;
  select.hidden = true;
  select.setAttribute("aria-hidden", "true");
  select.tabIndex = -1;
  select.before(wrapper);
  wrapper.append(hint, input, list, none, status);
  wrapper.append(select);

  const chosenLabel = () => (select.value ? byValue.get(select.value) || "" : "");
  input.value = chosenLabel();

  let results = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    none.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    list.querySelectorAll("[role=option]").forEach((item, i) => {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
      item.classList.toggle("infogov-picker__option--active", i === index);
      if (i === index) {
        input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function show(found, more) {
    results = found;
    list.replaceChildren();
    found.forEach((result, i) => {
      const item = document.createElement("li");
      item.id = `${id}-option-${i}`;
      item.className = "infogov-picker__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      const [name, ...rest] = result.label.split(" — ");
      const strong = document.createElement("span");
      strong.className = "infogov-picker__name";
      strong.textContent = name;
      item.append(strong);
      if (rest.length) {
        const detail = document.createElement("span");
        detail.className = "infogov-picker__detail";
        detail.textContent = ` — ${rest.join(" — ")}`;
        item.append(detail);
      }
      item.addEventListener("mousedown", (event) => event.preventDefault());
      item.addEventListener("click", () => choose(i));
      list.append(item);
    });
    none.hidden = found.length > 0;
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    const count = found.length === 1 ? "1 person" : `${found.length} people`;
    status.textContent = found.length
      ? `${count} found${more ? ", type more to narrow the list" : ""}. Use the down arrow to choose.`
      : "No one matches.";
    active = -1;
  }

  function choose(index) {
    const result = results[index];
    if (!result) return;
    select.value = String(result.value);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    input.value = result.label;
    status.textContent = `${result.label} chosen.`;
    close();
  }

  async function search(text) {
    const ask = ++asked;
    let found;
    let more = false;
    try {
      const params = new URLSearchParams({ q: text, choices: select.dataset.pickerChoices || "" });
      if (select.dataset.pickerAll) params.set("all", "true");
      const response = await fetch(`${select.dataset.pickerUrl}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      found = body.results
        .map((r) => ({ value: String(r.value), label: byValue.get(String(r.value)) }))
        .filter((r) => r.label);
      more = body.more;
    } catch (error) {
      found = localMatches(byValue, text);
      more = found.length > 20;
      found = found.slice(0, 20);
    }
    if (ask === asked && document.activeElement === input) show(found, more);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      if (select.value) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      close();
      return;
    }
    timer = setTimeout(() => search(text), 150);
  });

  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && results.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden && input.value.trim()) search(input.value.trim());
      else if (open) highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      }
    } else if (event.key === "Enter") {
      if (!list.hidden) {
        event.preventDefault();
        if (active >= 0) choose(active);
        else if (results.length === 1) choose(0);
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", () => {
    close();
    // Text that names no one chosen goes back to the person chosen (or to empty).
    if (input.value.trim() !== chosenLabel()) input.value = chosenLabel();
  });
}

export function initPickers(root = document) {
  root.querySelectorAll("select[data-picker-url]").forEach(enhance);
}
