import { AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  buildDocumentLibraries,
  DOCUMENT_LIBRARIES_SOURCE,
  documentLibrariesHash,
} from '../layers/documentLibraries.js';
import { projectPath } from '../paths.js';

/**
 * pdfmake, fontkit, exceljs and pdf-lib's parser as one Lambda layer (infra/layers/documentLibraries.ts):
 * ≈ 2.4 MiB once per region instead of 0.5–1.3 MiB in each of seven bundles. One per stack
 * (`DocumentLibraries.of`); AppFunction leaves the packages out of a function given it and attaches it.
 * Built by esbuild at synthesis, never in Docker; a synthesis without bundling (the local runtime,
 * assertion tests) skips it, as it skips the functions' bundles.
 */
export class DocumentLibraries extends Construct {
  readonly layer: LayerVersion;

  static of(scope: Construct): DocumentLibraries {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild('DocumentLibraries');
    return existing instanceof DocumentLibraries
      ? existing
      : new DocumentLibraries(stack, 'DocumentLibraries');
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.layer = new LayerVersion(this, 'Layer', {
      code: Code.fromAsset(projectPath(DOCUMENT_LIBRARIES_SOURCE), {
        assetHashType: AssetHashType.CUSTOM,
        assetHash: documentLibrariesHash(),
        bundling: {
          // never pulled: the local bundling below always succeeds or throws
          image: DockerImage.fromRegistry('esbuild-local-only'),
          local: {
            tryBundle(outputDir: string): boolean {
              buildDocumentLibraries(outputDir);
              return true;
            },
          },
        },
      }),
      compatibleRuntimes: [Runtime.NODEJS_22_X],
      compatibleArchitectures: [Architecture.ARM_64],
      description:
        'pdfmake, fontkit, exceljs and the pdf-lib parser, as minified ES modules (homestead-exit documents)',
    });
  }
}
