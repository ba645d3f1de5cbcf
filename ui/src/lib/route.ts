// Hash routes (`#/catalogue/files`), so the browser's back button and deep links work
// in the app window and in the test browser alike.

export type CatalogueTab = 'datasets' | 'files';

export type Route =
  | { name: 'start' }
  | { name: 'company' }
  | { name: 'scan' }
  | { name: 'catalogue'; tab: CatalogueTab }
  | { name: 'dataset'; id: string }
  | { name: 'export' }
  | { name: 'settings' };

/** Parses `location.hash`; anything unknown is the start screen. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'company':
      return { name: 'company' };
    case 'scan':
      return { name: 'scan' };
    case 'catalogue':
      return { name: 'catalogue', tab: parts[1] === 'files' ? 'files' : 'datasets' };
    case 'dataset':
      return parts[1] ? { name: 'dataset', id: parts[1] } : { name: 'catalogue', tab: 'datasets' };
    case 'export':
      return { name: 'export' };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'start' };
  }
}

/** The hash for a route. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'catalogue':
      return route.tab === 'files' ? '#/catalogue/files' : '#/catalogue';
    case 'dataset':
      return `#/dataset/${encodeURIComponent(route.id)}`;
    default:
      return `#/${route.name}`;
  }
}

/** Whether a route needs an open project. */
export function needsProject(route: Route): boolean {
  return route.name !== 'start' && route.name !== 'settings';
}
