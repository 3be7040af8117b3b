import type { Routes } from '@angular/router';
import { InlinePage, IsolatedPage } from './pages';

export const routes: Routes = [
  { path: '', component: InlinePage },
  { path: 'isolated', component: IsolatedPage },
];
