/**
 * The documents' font layer, as plain constants: the CDK construct (infra/constructs/documentFonts.ts)
 * and the local runtime (local/runtime/topology.ts) both read them, and the runtime must not load the
 * CDK to do so.
 */

/** The layer's folder in the project; Lambda unpacks a layer under /opt, so `fonts/x` is `/opt/fonts/x`. */
export const DOCUMENT_FONTS_SOURCE = 'infra/layers/documentFonts';
export const DOCUMENT_FONT_FILE = 'fonts/NotoSansSC-Regular.otf';
/** Template metadata on a layer resource naming its folder, so the local runtime mounts the same files. */
export const LAYER_SOURCE_METADATA = 'homestead:layer-source';
