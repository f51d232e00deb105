import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({ out: 'build', precompress: false }),
    // The CSRF origin check (form posts must come from ORIGIN) is done in src/hooks.server.ts with
    // SvelteKit's rule and message, because the built-in one runs before any hook and cannot spare
    // the token-signed one-click routes under /t/ (RFC 8058 unsubscribe posts carry no Origin).
    csrf: { trustedOrigins: ['*'] },
    // Nonce/hash-based CSP for the few inline scripts SvelteKit emits; nothing from elsewhere.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // SvelteKit's route announcer sets an inline style; scripts stay strictly 'self'.
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};

export default config;
