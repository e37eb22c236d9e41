import type { CfnResource } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DOCUMENT_FONT_FILE, DOCUMENT_FONTS_SOURCE, LAYER_SOURCE_METADATA } from '../layers/documentFonts.js';
import { projectPath } from '../paths.js';

/**
 * The font every document is set in (the agreement, the notice list, receipts), as one Lambda layer:
 * 5 MB once per region instead of in every bundle, and only the functions that render a PDF carry it
 * (AppFunction.bindDocumentFont). Built by scripts/document-font.sh; its licence (OFL) travels with it.
 */
export class DocumentFonts extends Construct {
  readonly layer: LayerVersion;
  /** where the font is on a function that has the layer */
  readonly fontPath = `/opt/${DOCUMENT_FONT_FILE}`;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.layer = new LayerVersion(this, 'Layer', {
      code: Code.fromAsset(projectPath(DOCUMENT_FONTS_SOURCE)),
      compatibleRuntimes: [Runtime.NODEJS_22_X],
      compatibleArchitectures: [Architecture.ARM_64],
      description: 'Noto Sans CJK SC (subset, OFL 1.1) for the documents homestead-exit issues',
      license: 'OFL-1.1',
    });
    (this.layer.node.defaultChild as CfnResource).addMetadata(LAYER_SOURCE_METADATA, DOCUMENT_FONTS_SOURCE);
  }
}
