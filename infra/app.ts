import { buildApp } from './buildApp.js';
import { projectPath } from './paths.js';

// `cdk synth` sets CDK_OUTDIR; run directly (`tsx infra/app.ts`) it writes cdk.out/ the same way
const { app } = buildApp({ outdir: process.env.CDK_OUTDIR ?? projectPath('cdk.out') });
app.synth();
