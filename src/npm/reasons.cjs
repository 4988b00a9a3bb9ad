// smtp-status: why a recipient bounced, whether the address itself is bad, and what to do
// about it. Hand-written (src/npm/reasons.cjs in the repository), copied into the package as
// is; it applies the rules of smtp-bounce-reasons.json exactly as Python's
// smtp_status.reasons.classify does, so the two give the same answer for the same input.
"use strict";

// ASCII whitespace as Python's bytes.split() knows it: space, \t, \n, \v, \f, \r.
const WHITESPACE = /[\t\n\v\f\r ]+/;
const UPPER_ASCII = /[A-Z]+/g;

/**
 * The text as rules match it: ASCII letters lower-cased, every run of ASCII whitespace one
 * space, no space at either end. Nothing beyond ASCII is case-mapped, so no Unicode version
 * can make JavaScript and Python disagree.
 * @param {string} text
 * @returns {string}
 */
function normalizeText(text) {
  const lowered = text.replace(UPPER_ASCII, (letters) => letters.toLowerCase());
  return lowered.split(WHITESPACE).filter((word) => word !== "").join(" ");
}

/**
 * @typedef {{ class: number, subject: number, detail: number }} Status
 * @typedef {{ id: string, hard: boolean | "unless-transient", advice: string,
 *             soft_advice: string | null }} Reason
 * @typedef {{ id: string, reason: string, tier: number,
 *             status_match: [number | null, number | null, number | null, number | null] | null,
 *             reply_codes: number[], text_any: string[], text_all: string[],
 *             provider: string | null }} Rule
 * @typedef {{ reason: string, hard: boolean, advice: string, rule: string }} Classification
 * @typedef {{ provider: string, code: string, reason: string }} Vendor
 * @typedef {{ host?: string, text?: string, replyCode?: number }} VendorWhere
 * @typedef {{ status?: string | Status | null, replyCode?: number | null,
 *             text?: string | null, host?: string | null }} Input
 */

/**
 * Build classify() over the published document, with the package's own status parser and
 * provider detection (index.cjs passes them, so this module needs nothing from it).
 * @param {{ reasons: Reason[], rules: Rule[] }} document
 * @param {(text: string) => Status} parseStatusCode
 * @param {Function} StatusCode
 * @param {(where: { host?: string, text?: string }) => string | undefined} providerOf
 * @param {(code: Status, where: VendorWhere) => Vendor | undefined} lookupVendor
 * @returns {(input?: Input) => Classification}
 */
function createClassify(document, parseStatusCode, StatusCode, providerOf, lookupVendor) {
  const reasons = new Map(document.reasons.map((reason) => [reason.id, reason]));
  const rules = document.rules.map((rule) => {
    const match = rule.status_match;
    return {
      id: rule.id,
      reason: rule.reason,
      tier: rule.tier,
      hasStatus: match !== null,
      klass: match === null ? null : match[0],
      subject: match === null ? null : match[1],
      low: match === null ? null : match[2],
      high: match === null ? null : match[3],
      replies: new Set(rule.reply_codes),
      anyOf: rule.text_any,
      allOf: rule.text_all,
      provider: rule.provider,
    };
  });

  /**
   * @param {string} reasonId
   * @param {string} rule
   * @param {number} klass
   * @param {number | null | undefined} replyCode
   * @returns {Classification}
   */
  function result(reasonId, rule, klass, replyCode) {
    const reason = /** @type {Reason} */ (reasons.get(reasonId));
    let hard = reason.hard;
    let advice = reason.advice;
    if (hard === "unless-transient") {
      // Hard unless the status (else the reply code) says the failure is transient.
      const transient = klass !== -1 ? klass === 4
        : replyCode !== undefined && replyCode !== null && Math.floor(replyCode / 100) === 4;
      hard = !transient;
      if (transient && reason.soft_advice !== null) {
        advice = reason.soft_advice;
      }
    }
    return Object.freeze({ reason: reasonId, hard, advice, rule });
  }

  /**
   * The reason a reply or a bounced recipient gives: { reason, hard, advice, rule }.
   * status: an enhanced status code (text or StatusCode; InvalidStatusCode otherwise);
   * replyCode: the 3-digit reply code; text: the reply or diagnostic text; host: the remote
   * host. Where the host or the text names a provider that documents the code
   * (lookupVendor), its reason counts as a specific code: only decisive text (tier 1) wins
   * over it, and rule is "vendor:PROVIDER:CODE".
   * @param {Input} [input]
   * @returns {Classification}
   */
  function classify({ status, replyCode, text, host } = {}) {
    /** @type {Status | null} */
    let parsed = null;
    if (typeof status === "string") {
      parsed = parseStatusCode(status);
    } else if (status instanceof StatusCode) {
      parsed = status;
    } else if (status !== undefined && status !== null) {
      throw new TypeError("status must be a string, a StatusCode, null or undefined");
    }
    const klass = parsed === null ? -1 : parsed.class;
    const subject = parsed === null ? -1 : parsed.subject;
    const detail = parsed === null ? -1 : parsed.detail;
    const normalized = text ? normalizeText(text) : "";
    /** @type {string | null} */
    let provider = null; // null: not looked up yet
    let vendorAsked = parsed === null;
    for (const rule of rules) {
      if (rule.tier > 1 && !vendorAsked) {
        vendorAsked = true;
        const vendor = lookupVendor(/** @type {Status} */ (parsed), {
          host: host ?? undefined, text: text ?? undefined, replyCode: replyCode ?? undefined });
        if (vendor !== undefined) {
          return result(vendor.reason, `vendor:${vendor.provider}:${vendor.code}`, klass,
                        replyCode);
        }
      }
      if (rule.hasStatus) {
        // A class of -1 is the pattern "none", and klass is -1 when no status is given.
        if ((rule.klass === null ? klass === -1 : rule.klass !== klass) ||
            (rule.subject !== null && rule.subject !== subject) ||
            (rule.low !== null && !(rule.low <= detail && detail <= /** @type {number} */ (
              rule.high)))) {
          continue;
        }
      }
      if (rule.replies.size > 0 && !rule.replies.has(/** @type {number} */ (replyCode))) {
        continue;
      }
      if (rule.anyOf.length > 0 && !rule.anyOf.some((part) => normalized.includes(part))) {
        continue;
      }
      if (!rule.allOf.every((part) => normalized.includes(part))) {
        continue;
      }
      if (rule.provider !== null) {
        if (provider === null) {
          provider = providerOf({ host: host ?? undefined, text: text ?? undefined }) ?? "";
        }
        if (provider !== rule.provider) {
          continue;
        }
      }
      return result(rule.reason, rule.id, klass, replyCode);
    }
    throw new Error("the last rule of smtp-bounce-reasons.json always holds");
  }

  return classify;
}

module.exports = { createClassify, normalizeText };
