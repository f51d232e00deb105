// Pure parts of delivery: which SMTP failures prove nothing went out, the one-recipient rule,
// TLS beyond loopback, and what may reach a subject line or a log.
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/config.ts';
import { headerText } from '../src/header-text.ts';
import { classifySmtpError, redactAddresses, singleRecipient, smtpTransportOptions } from '../src/send.ts';

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }, 'refused'],
    [{ code: 'EENVELOPE', command: 'DATA', responseCode: 554 }, 'refused'],
    [{ code: 'EAUTH', command: 'AUTH PLAIN' }, 'refused'],
    [{ code: 'ETLS' }, 'refused'],
    [{ code: 'ESOCKET', errno: -111, syscall: 'connect' }, 'refused'],
    [{ code: 'ESOCKET', errno: 'ENOTFOUND' }, 'refused'],
    [{ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' }, 'refused'],
    [{ code: 'EMESSAGE', command: 'DATA', responseCode: 451 }, 'unknown'],
    [{ code: 'EMESSAGE', command: 'DATA', responseCode: 554 }, 'unknown'],
    [{ code: 'ECONNECTION', command: 'CONN' }, 'unknown'],
    [{ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }, 'unknown'],
    [{ code: 'ESOCKET', errno: 'ECONNRESET', syscall: 'read' }, 'unknown'],
    [new Error('anything else'), 'unknown'],
  ])('%j → %s', (error, outcome) => {
    expect(classifySmtpError(error)).toBe(outcome);
  });
});

describe('singleRecipient', () => {
  it('accepts one plain address', () => {
    expect(singleRecipient(' ada@example.com ')).toBe('ada@example.com');
  });

  it.each([
    'ada@example.com, eve@example.com',
    'ada@example.com;eve@example.com',
    'Ada <ada@example.com>',
    'group: ada@example.com, eve@example.com;',
    'ada@example.com\r\nBcc: eve@example.com',
    'ada@example.com\neve@example.com',
    'ada@exa\u0000mple.com',
    'ada',
    '',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses %j', (raw) => {
    expect(() => singleRecipient(raw)).toThrow('the stored e-mail is not exactly one address');
  });
});

describe('smtpTransportOptions', () => {
  it.each([
    ['smtp://user:pw@smtp.example.com:587', true],
    ['smtp://192.0.2.10:25', true],
    ['smtps://user:pw@smtp.example.com:465', false], // implicit TLS already
    ['smtp://127.0.0.1:2525', false],
    ['smtp://localhost:2525', false],
    ['smtp://[::1]:2525', false],
  ])('%s: requireTLS %s', (url, required) => {
    expect(smtpTransportOptions(url).requireTLS).toBe(required);
  });
});

describe('what reaches a subject line or a log', () => {
  it('strips control characters and bidi overrides/isolates from subjects and preheaders', () => {
    expect(headerText('3 new jobs for “Acme\u202Egnp.exe” · 28 Nov')).toBe('3 new jobs for “Acmegnp.exe” · 28 Nov');
    expect(headerText('a\u2066b\u2069c\u202Ad\u202Ce\u0007f\u0085g\r\nh\ti')).toBe('abcdef g hi');
    expect(headerText('مهندس بيانات')).toBe('مهندس بيانات');
  });

  it('replaces e-mail addresses in SMTP replies and URLs', () => {
    expect(redactAddresses('550 5.1.1 <ada@example.com>: Recipient address rejected')).toBe(
      '550 5.1.1 <[address]>: Recipient address rejected',
    );
    expect(redactUrl('smtp://digest%40example.com:secret@smtp.example.com:587')).toBe(
      'smtp://***:***@smtp.example.com:587',
    );
  });
});
