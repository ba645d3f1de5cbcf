/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { CONTENT_SECURITY_POLICY } from './csp.js';

/** Adds the Content-Security-Policy meta tag to the built index.html (not in dev, where
 *  Vite's hot reload needs inline styles and a websocket). */
function cspMeta(): Plugin {
  return {
    name: 'datenreife-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      const tag = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
      return html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    ${tag}`);
    },
  };
}

export default defineConfig({
  plugins: [svelte(), cspMeta()],
  // Relative asset URLs work under tauri://, file:// and the test server alike.
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebView2 (Windows) is Chromium; WebKitGTK 2.4x on Linux is about Safari 16+.
    target: ['es2022', 'chrome110', 'safari16'],
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
