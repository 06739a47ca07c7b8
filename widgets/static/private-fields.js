
if (!window.kvPrivateFields) {
  window.kvPrivateFields = true;
  const off = el => el.setAttribute("autocomplete", "off");
  const scan = node => {
    if (node.nodeType !== 1) return;
    if (node.matches("textarea, input")) off(node);
    node.querySelectorAll("textarea, input").forEach(off);
  };
  scan(document.documentElement);
  new MutationObserver(changes => changes.forEach(c => c.addedNodes.forEach(scan)))
    .observe(document.documentElement, {childList: true, subtree: true});
}
