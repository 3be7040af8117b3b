import { RenderMode, type ServerRoute } from '@angular/ssr';

// Rendered per request: the isolated page takes the proxy's address from the server at request time.
export const serverRoutes: ServerRoute[] = [{ path: '**', renderMode: RenderMode.Server }];
