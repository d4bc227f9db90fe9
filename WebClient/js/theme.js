// Light/dark theme: follows prefers-color-scheme until the user picks one with the toggle; the
// choice is kept in localStorage. Calls `onChange` so canvases repaint with the new colours.
import { byId } from './dom.js';
import { themeChanged } from './canvas.js';

const KEY = 'pulse.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function effective() {
  return document.documentElement.dataset.theme || (media.matches ? 'dark' : 'light');
}

function readSaved() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

export function setupTheme(onChange) {
  const button = byId('theme-toggle');
  const saved = readSaved();
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
  const update = () => {
    const next = effective() === 'dark' ? 'light' : 'dark';
    button.setAttribute('aria-label', `Switch to ${next} theme`);
    button.title = `Switch to ${next} theme`;
    themeChanged();
    onChange();
  };
  button.addEventListener('click', () => {
    const next = effective() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try { localStorage.setItem(KEY, next); } catch { /* private mode: not remembered */ }
    update();
  });
  media.addEventListener('change', update);
  update();
}
