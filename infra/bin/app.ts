import { buildApp } from '../src/app.ts';

buildApp().app.synth();
