/**
 * The bounds on what a person may send and on what a case may accumulate (issue 16), in one place, so
 * that the request schemas, the rules that count (returns, objections) and docs/limits.md agree. Each
 * bound is what a district office would see at most, with room to spare; anything beyond it is a
 * mistake or abuse and is refused with a 400 naming the field (or a 409/422 for the counted rules)
 * instead of growing a stored item towards DynamoDB's 400 KB limit. Lengths are in characters as
 * JavaScript counts them (UTF-16 code units): a Chinese character of the basic plane is one, and at most
 * three bytes stored.
 */

// --- money ------------------------------------------------------------------------------------------

/**
 * The most money any one amount may be: ¥1 000 000 000.00 (10^11 fen). Far below 2^53 (≈ 9 × 10^15), so
 * sums of amounts and balances stay exact integers in JavaScript and DynamoDB alike; a real exit is at
 * most a few million yuan, a district's appropriation a few hundred million. Every amount a request
 * states is held to it (`statedFenSchema`, shared/contract/common.ts), and so is every offer the
 * pricing computes (shared/cases/commands/pricing.ts).
 */
export const MAX_AMOUNT_FEN = 100_000_000_000;

/**
 * A rate in fen per unit (per m², per mu and year, per attachment): at most ¥100 000.00 per unit, a
 * hundred times any real one. With the registry's bounded areas (./limits.ts) every amount priced from
 * the parameters is an exact integer below 10^15 fen, far below 2^53; an offer above MAX_AMOUNT_FEN is
 * refused at pricing (docs/limits.md "Money").
 */
export const MAX_RATE_FEN = 10_000_000;

// --- a person's words -------------------------------------------------------------------------------

/**
 * Any one text a person writes (an objection, an appeal, a dispute of a payment, a reviewer's note): two
 * thousand characters are several pages of Chinese, far more than an office form holds.
 */
export const MAX_TEXT_CHARS = 2000;
/**
 * A review decision's words in all: the note and the reasons in words (wave 1) together, a page of
 * Chinese (a real 审核意见 is a few lines; the reason codes say the rest). A review is stored with the
 * case, and the rules let a case be decided up to 31 times (returns, objections, appeals: docs/limits.md),
 * so its words are bounded as one text, and tighter than a single text elsewhere.
 */
export const MAX_REVIEW_WORDS_CHARS = 1000;
/** Reasons in words one review may list (the village's wave-1 form), and the length of each. */
export const MAX_REVIEW_REASONS = 10;
export const MAX_REVIEW_REASON_CHARS = 500;

// --- names and numbers people type ---------------------------------------------------------------------

/**
 * An id a request names (a case, a household, a member, a parcel, a plot, a document): the longest real
 * one is a 28-character 不动产单元号; the ids this system makes are 19 (C-20261125-3f9a0c1d). Stored
 * records keep the looser 64 of `idSchema`.
 */
export const MAX_ID_CHARS = 32;

/** A person's name (members of a household): Chinese names are 2–4 characters, minority names longer. */
export const MAX_PERSON_NAME_CHARS = 50;
/** A member's relation to the head of the household (户主, 配偶, 长子 …). */
export const MAX_RELATION_CHARS = 20;
/** A village's or a town's name (…村, …镇, …街道办事处). */
export const MAX_PLACE_NAME_CHARS = 50;
/** An organisation's name (a taker of contract land, a payer): registered names run to ~50 characters. */
export const MAX_ORGANISATION_NAME_CHARS = 100;
/** A real-estate certificate number, e.g. 鲁(2020)淄川区不动产权第0001234号 (about 25 characters). */
export const MAX_CERTIFICATE_NO_CHARS = 60;
/** One exit term a collective adopted (村规民约), and how many a village may keep. */
export const MAX_EXIT_CONDITION_CHARS = 200;
export const MAX_EXIT_CONDITIONS = 10;

// --- how many ----------------------------------------------------------------------------------------

/** Members of one household (户籍), and so consents on one application. */
export const MAX_MEMBERS = 50;
/** Homesteads of one household: the law allows one (一户一宅); a few more exist from before it. */
export const MAX_HOMESTEADS = 5;
/** Attachments (附属物) listed on one homestead: a well, walls, trees, sheds, each line with its quantity. */
export const MAX_ATTACHMENTS_PER_PARCEL = 10;
/** Contract plots of one household (承包地块), the largest real count with room to spare. */
export const MAX_PLOTS = 200;
/** Documents a milestone names as its evidence. */
export const MAX_MILESTONE_DOCUMENTS = 20;

// --- areas and quantities (they price the offers: see MAX_AMOUNT_FEN in shared/contract/common.ts) ----

/** One homestead's registered area, m²: a rural homestead is a few hundred m²; 1 ha is never one. */
export const MAX_PARCEL_AREA_M2 = 10_000;
/** One building's floor area, m². */
export const MAX_FLOOR_AREA_M2 = 10_000;
/** One attachment line's quantity (metres of wall, trees, m² of shed). */
export const MAX_ATTACHMENT_QUANTITY = 10_000;
/** One contract plot's area, mu (a household's plots are a few mu each; 1 000 mu is a large farm). */
export const MAX_PLOT_AREA_MU = 1_000;
/** The latest end of a contract term: the second round's 30-year extension ends around 2058. */
export const MAX_CONTRACT_TERM_END = '2100-12-31';

// --- what a case accumulates ---------------------------------------------------------------------------

/**
 * How often a case may be returned for correction (退回补正), by any step of the review chain together.
 * A fourth return is refused (422): the step approves or rejects instead (a rejection can be appealed).
 */
export const MAX_RETURNS_PER_CASE = 3;
/**
 * Objections one case may take online (公示异议), over all its notices; each person objects at most once
 * per notice. Beyond it the objection is refused (422) and the objector is pointed to the village's
 * written channel; each notice that ends with an objection sends the case back to the village, so this
 * also bounds how often that can happen.
 */
export const MAX_OBJECTIONS_PER_CASE = 10;
/**
 * The latest timeline entries the case item keeps; the earlier ones are moved to their own items in the
 * case's partition (`TIMELINE#…`, docs/data-model.md) as new ones arrive, so a case escalated for years
 * keeps a case item of the same size. Every read of a case sees its recent history; the case view and
 * the reports read the rest.
 */
export const TIMELINE_ENTRIES_IN_CASE = 50;
/**
 * A timeline note, at most: the system's own words about a write (a person's words are stored once, in
 * the review, the appeal, the objection or the tranche they belong to, never copied into a note).
 */
export const MAX_TIMELINE_NOTE_CHARS = 200;
