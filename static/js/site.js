// The phone menu: a disclosure button that shows and hides the main navigation (no library needed).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-menu-toggle]");
  const nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!nav) return;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.dataset.open = String(open);
  });
});

// A table wider than the screen scrolls inside its own box; a keyboard user reaches that box with Tab.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".table-scroll")) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      const caption = box.querySelector("caption");
      if (caption) box.setAttribute("aria-label", caption.textContent.trim());
    }
  }
});

// Share: "copy link" copies the page's address; the network links are plain links (nothing loads until clicked).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-link]");
  if (!button || !navigator.clipboard) return;
  navigator.clipboard.writeText(button.dataset.copyLink).then(() => {
    button.textContent = button.dataset.copied;
  });
});
