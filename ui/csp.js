// The Content-Security-Policy of the app, in one place: the build writes it into
// index.html, the page tests send it as a header, and src-tauri's tauri.conf.json
// should carry the same string (app.security.csp).
// No remote origin anywhere, no eval, no inline scripts; inline style *attributes* are
// allowed because the virtual list positions rows with them.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob: asset: http://asset.localhost",
  "font-src 'self'",
  "connect-src 'self' ipc: http://ipc.localhost",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
