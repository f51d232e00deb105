export * from './choose.ts';
export * from './config.ts';
export { exitCodeFor, type NotifySummary, runNotify } from './notify.ts';
export * from './present.ts';
export * from './render.ts';
export { createMailer, type Mailer, SendError } from './send.ts';
export { type SmtpSink, startSmtpSink } from './smtp-sink.ts';
export { loadDigestTemplate } from './templates.ts';
