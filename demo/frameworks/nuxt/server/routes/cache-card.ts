// The proxy's own path (POST /cache-card); its sub-paths (/cache-card/policy, /cache-card/brands) go to the
// catch-all route beside it, which is the same handler.
export { default } from './cache-card/[...route]';
