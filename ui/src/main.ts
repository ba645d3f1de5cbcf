import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { createBackend } from './lib/backend';
import { AppState } from './lib/state.svelte';

async function start() {
  const backend = await createBackend();
  const app = new AppState(backend);
  await app.init();
  document.documentElement.lang = app.lang;
  app.applyHash(window.location.hash);
  window.addEventListener('hashchange', () => app.applyHash(window.location.hash));
  const target = document.getElementById('app');
  if (!target) throw new Error('missing #app');
  target.replaceChildren();
  mount(App, { target, props: { app } });
}

void start();
