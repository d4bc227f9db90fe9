// The Dashboard / Analyze / Lab tabs (WAI-ARIA tabs: arrow keys, Home and End move between them).
// The chosen view is kept in the URL hash so a reload stays on it.
export function setupTabs(onShow) {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  function select(tab, focus) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    const name = tab.id.replace('tab-', '');
    if (location.hash.slice(1) !== name) history.replaceState(null, '', name === 'dashboard' ? location.pathname : `#${name}`);
    onShow(name);
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
  const initial = tabs.find((t) => t.id === `tab-${location.hash.slice(1)}`);
  if (initial) select(initial, false);
}
