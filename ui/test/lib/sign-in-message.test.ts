import { describe, expect, it } from 'vitest';
import { LINK_MINUTES, signInMessage } from '../../src/lib/sign-in-message.ts';

describe('sign-in message', () => {
  it('carries the link in both parts, says how long it works, and escapes it in HTML', () => {
    const link = 'http://127.0.0.1:3000/login/link/abc_DEF-123';
    const message = signInMessage(link);
    expect(message.subject).toBe('Your sign-in link');
    expect(message.text).toContain(`Sign in: ${link}`);
    expect(message.text).toContain(`once, for ${LINK_MINUTES} minutes`);
    expect(message.html).toContain(`<a href="${link}">Sign in</a>`);
    expect(signInMessage('http://x/"><script>').html).toContain('http://x/&#34;&#62;&#60;script&#62;');
    expect(LINK_MINUTES).toBe(15);
  });
});
