// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /**
       * Set by the loads of cacheable pages (src/lib/server/page-cache.ts): epoch ms until which
       * the page, rendered now, reads the same (its relative times). Unset: never cached.
       */
      pageValidUntil?: number;
      /** The signed-in user (src/hooks.server.ts); unset on the open paths (/login, /t/…). */
      user?: import('$lib/server/accounts.ts').SessionUser;
    }
  }
}

export {};
