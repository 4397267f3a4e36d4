// Wide tables on narrow screens (WCAG 2.2 1.4.10 reflow): every table sits in its own
// scroll container. One that is wider than the screen becomes a labelled, focusable region
// (so a keyboard can scroll it) with a visible cue; it goes back when it fits again.

let counter = 0;

function labelFor(table) {
  const caption = table.querySelector("caption");
  if (caption && caption.textContent.trim()) return caption.textContent.trim();
  const described = table.getAttribute("aria-describedby");
  const describer = described && document.getElementById(described.split(" ")[0]);
  if (describer && describer.textContent.trim()) return describer.textContent.trim();
  let node = table.parentElement;
  while (node && node !== document.body) {
    let sibling = node.previousElementSibling;
    while (sibling) {
      const heading = sibling.matches("h1, h2, h3, h4") ? sibling : sibling.querySelector("h1, h2, h3, h4");
      if (heading && heading.textContent.trim()) return heading.textContent.trim();
      sibling = sibling.previousElementSibling;
    }
    node = node.parentElement;
  }
  return "Table";
}

function wrap(table) {
  const parent = table.parentElement;
  if (parent && parent.classList.contains("infogov-table-wrapper")) return parent;
  const wrapper = document.createElement("div");
  wrapper.className = "infogov-table-wrapper";
  table.before(wrapper);
  wrapper.append(table);
  return wrapper;
}

function update(wrapper) {
  const table = wrapper.querySelector("table");
  const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
  let cue = wrapper.previousElementSibling;
  if (!cue || !cue.classList.contains("infogov-scroll-cue")) cue = null;
  if (scrolls) {
    if (!wrapper.hasAttribute("role")) {
      wrapper.setAttribute("role", "region");
    }
    if (!wrapper.hasAttribute("tabindex")) wrapper.tabIndex = 0;
    if (!wrapper.hasAttribute("aria-label") && table) {
      wrapper.setAttribute("aria-label", `${labelFor(table)} (scrolls sideways)`);
    }
    if (!cue) {
      counter += 1;
      cue = document.createElement("p");
      cue.className = "govuk-body-s infogov-scroll-cue";
      cue.id = `scroll-cue-${counter}`;
      cue.textContent = "Scroll the table sideways to see every column.";
      wrapper.before(cue);
    }
    cue.classList.add("infogov-scroll-cue--shown");
  } else if (cue) {
    cue.classList.remove("infogov-scroll-cue--shown");
  }
}

export function initTables(root = document) {
  const wrappers = [...root.querySelectorAll("main table")].map(wrap);
  wrappers.forEach(update);
  if ("ResizeObserver" in window) {
    const observer = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
    wrappers.forEach((wrapper) => observer.observe(wrapper));
  }
}
