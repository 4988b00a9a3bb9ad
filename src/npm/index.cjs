// smtp-status: IANA's SMTP Enhanced Status Codes registry (RFC 3463, RFC 5248) and the
// basic SMTP reply codes. The data is the package's JSON files, which `python -m generators
// generate` writes beside this file; index.mjs re-exports this module, so `import` and
// `require()` share one copy of it and of the classes.
//
// Hand-written source (src/npm/index.cjs in the repository), copied byte for byte into the
// package by generate: edit it there, never in generated/npm/.
"use strict";

const registryDocument = require("./smtp-enhanced-status-codes.json");
const repliesDocument = require("./smtp-reply-codes.json");
const vendorsDocument = require("./smtp-vendor-codes.json");
const reasonsDocument = require("./smtp-bounce-reasons.json");
const { createClassify } = require("./reasons.cjs");

/**
 * A deep, frozen copy: the JSON modules themselves stay as require() gives them to others.
 * @template T
 * @param {T} value
 * @returns {T}
 */
function frozen(value) {
  if (Array.isArray(value)) {
    return /** @type {T} */ (Object.freeze(value.map(frozen)));
  }
  if (value !== null && typeof value === "object") {
    /** @type {Record<string, unknown>} */
    const copy = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = frozen(item);
    }
    return /** @type {T} */ (Object.freeze(copy));
  }
  return value;
}

/**
 * name -> value, with no prototype: EnhancedCode[text] is never an inherited property.
 * @template {string | number} V
 * @param {ReadonlyArray<{ name: string, code: V }>} entries
 * @returns {Readonly<Record<string, V>>}
 */
function members(entries) {
  /** @type {Record<string, V>} */
  const map = Object.create(null);
  for (const entry of entries) {
    map[entry.name] = entry.code;
  }
  return Object.freeze(map);
}

const registry = frozen(registryDocument.registry);
// The date of IANA's update the data is (YYYY-MM-DD), apart from the package version.
const REGISTRY_UPDATED = registry.updated;
const classes = frozen(registryDocument.classes);
const subjects = frozen(registryDocument.subjects);
const codes = frozen(registryDocument.codes);
const replyCodes = frozen(repliesDocument.codes);
const EnhancedCode = members(codes);
const ReplyCode = members(replyCodes);
const codesByCode = new Map(codes.map((entry) => [entry.code, entry]));
const repliesByCode = new Map(replyCodes.map((entry) => [entry.code, entry]));

// Quoting input back in messages as Python's repr() does, cut to 80 characters, so that
// both languages give the same reasons.
const QUOTE_LIMIT = 80;
// Python's str.isprintable() is false for these categories (the space excepted).
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/**
 * @param {number} number
 * @param {number} width
 */
function hex(number, width) {
  return number.toString(16).padStart(width, "0");
}

/** @param {string} text */
function repr(text) {
  const delimiter = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = delimiter;
  for (const character of text) {
    const point = /** @type {number} */ (character.codePointAt(0)); // one code point
    if (character === delimiter || character === "\\") {
      out += "\\" + character;
    } else if (character === "\t") {
      out += "\\t";
    } else if (character === "\n") {
      out += "\\n";
    } else if (character === "\r") {
      out += "\\r";
    } else if (point < 0x20 || point === 0x7f) {
      out += "\\x" + hex(point, 2);
    } else if (point < 0x7f || !UNPRINTABLE.test(character)) {
      out += character;
    } else if (point <= 0xff) {
      out += "\\x" + hex(point, 2);
    } else if (point <= 0xffff) {
      out += "\\u" + hex(point, 4);
    } else {
      out += "\\U" + hex(point, 8);
    }
  }
  return out + delimiter;
}

/**
 * The first QUOTE_LIMIT characters (code points, as Python counts) and how many there are.
 * @param {string} text
 * @returns {[string, number]}
 */
function head(text) {
  let count = 0;
  let start = "";
  for (const character of text) {
    if (count < QUOTE_LIMIT) {
      start += character;
    }
    count += 1;
  }
  return [start, count];
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function quote(value) {
  let text;
  if (typeof value === "string") {
    const [start, count] = head(value);
    if (count > QUOTE_LIMIT) {
      return `${repr(start)}... (${count} characters)`;
    }
    text = repr(value);
  } else {
    try {
      text = Array.isArray(value) ? `(${value.map(quote).join(", ")})` : String(value);
    } catch {
      text = `<${typeof value}>`;
    }
  }
  const [start, count] = head(text);
  return count > QUOTE_LIMIT ? `${start}... (${count} characters of repr)` : text;
}

/** @param {unknown} value */
function typeName(value) {
  if (value === null) {
    return "null";
  }
  return Array.isArray(value) ? "array" : typeof value;
}

/** The text or numbers do not form a status code under RFC 3463 s2. */
class InvalidStatusCode extends Error {
  /**
   * @param {unknown} text
   * @param {string} reason
   */
  constructor(text, reason) {
    super(`${quote(text)} is not an enhanced status code: ${reason}`);
    this.text = text;
    this.reason = reason;
  }
}
Object.defineProperty(InvalidStatusCode.prototype, "name", {
  value: "InvalidStatusCode", writable: true, configurable: true,
});

/**
 * @param {unknown} text
 * @param {string} reason
 * @returns {never}
 */
function reject(text, reason) {
  throw new InvalidStatusCode(text, reason);
}

const CLASS_DIGITS = new Set(classes.map((entry) => entry.value));

/** An enhanced status code such as 5.1.1: frozen; String(code) is "5.1.1". */
class StatusCode {
  /**
   * @param {number} statusClass
   * @param {number} subject
   * @param {number} detail
   */
  constructor(statusClass, subject, detail) {
    const numbers = [statusClass, subject, detail];
    if (!CLASS_DIGITS.has(statusClass)) {
      reject(numbers, `class ${quote(statusClass)} is not 2, 4 or 5`);
    }
    /** @type {Array<[string, number]>} */
    const parts = [["subject", subject], ["detail", detail]];
    for (const [part, value] of parts) {
      if (!Number.isInteger(value)) {
        reject(numbers, `${part} ${quote(value)} is not an integer`);
      }
      if (value < 0 || value > 999) {
        reject(numbers, `${part} ${quote(value)} is not 0 to 999`);
      }
    }
    this.class = statusClass;
    this.subject = subject;
    this.detail = detail;
    Object.freeze(this);
  }

  toString() {
    return `${this.class}.${this.subject}.${this.detail}`;
  }
}

const ASCII_DIGITS = /^[0-9]+$/;

/**
 * One numeric sub-code: 1 to 3 ASCII digits, no leading zero (RFC 3463 s2).
 * @param {string} text
 * @param {string} part
 */
function subCode(text, part) {
  if (!ASCII_DIGITS.test(part)) {
    reject(text, `${quote(part)} is not a number of ASCII digits`);
  }
  if (part.length > 3) {
    reject(text, `${quote(part)} has more than 3 digits`);
  }
  if (part[0] === "0" && part.length > 1) {
    reject(text, `${quote(part)} has a leading zero`);
  }
  return Number(part);
}

/**
 * Parse `class.subject.detail` exactly as RFC 3463 s2 writes it: no whitespace, signs,
 * leading zeros or non-ASCII digits. Throws InvalidStatusCode otherwise.
 * @param {unknown} text
 * @returns {StatusCode}
 */
function parseStatusCode(text) {
  if (typeof text !== "string") {
    reject(text, `expected string, got ${typeName(text)}`);
  }
  const parts = text.split(".", 4);
  if (parts.length !== 3) {
    reject(text, "expected class.subject.detail");
  }
  const numbers = parts.map((part) => subCode(text, part));
  if (!["2", "4", "5"].includes(parts[0])) {
    reject(text, `class ${quote(parts[0])} is not 2, 4 or 5 (RFC 3463 s2)`);
  }
  return new StatusCode(numbers[0], numbers[1], numbers[2]);
}

/** @param {StatusCode} status */
function registered(status) {
  return codesByCode.get(String(status)) ||
    codesByCode.get(`X.${status.subject}.${status.detail}`);
}

/**
 * The registry entry of "X.1.1", "5.1.1" or a parsed code; undefined when unregistered.
 * @param {unknown} code
 */
function lookup(code) {
  if (code instanceof StatusCode) {
    return registered(code);
  }
  if (typeof code !== "string") {
    return undefined;
  }
  if (code.startsWith("X.")) {
    return codesByCode.get(code);
  }
  let status;
  try {
    status = parseStatusCode(code);
  } catch (error) {
    if (error instanceof InvalidStatusCode) {
      return undefined;
    }
    throw error;
  }
  return registered(status);
}

/** @param {string | StatusCode} code */
function classOf(code) {
  return code instanceof StatusCode ? code.class : parseStatusCode(code).class;
}

/**
 * Class 5: a permanent failure; resending as is will fail again.
 * @param {string | StatusCode} code
 */
function isPermanent(code) {
  return classOf(code) === 5;
}

/**
 * Class 4: a persistent transient failure; retrying later may succeed.
 * @param {string | StatusCode} code
 */
function isTransient(code) {
  return classOf(code) === 4;
}

/**
 * Class 2: success.
 * @param {string | StatusCode} code
 */
function isSuccess(code) {
  return classOf(code) === 2;
}

/**
 * The reply code's entry, such as 550's; undefined for a code not in the table.
 * @param {number} code
 */
function lookupReplyCode(code) {
  return repliesByCode.get(code);
}

// --- the vendor layer: providers' own codes, recognised only by host or reply marker ------

const providers = frozen(vendorsDocument.providers);
const vendorCodes = frozen(vendorsDocument.entries);
const providerNames = new Map(providers.map((provider) => [provider.id, provider.name]));

/** @param {string} text */
function codeKey(text) {
  return text.split(".").map(Number);
}

/**
 * @param {number[]} left
 * @param {number[]} right
 */
function compareKeys(left, right) {
  for (let index = 0; index < 3; index += 1) {
    if (left[index] !== right[index]) {
      return left[index] < right[index] ? -1 : 1;
    }
  }
  return 0;
}

/** @param {string} text */
function asciiLower(text) {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

const vendorRanges = vendorCodes.map((entry) => ({
  entry, first: codeKey(entry.first), last: codeKey(entry.last),
  match: entry.match_text === null ? null : asciiLower(entry.match_text),
}));
// What folding a reply text drops: the reply and status codes that start its lines, also where
// a DSN field has folded them into the middle ("... with a 550-5.7.26 hard fail policy").
const LINE_CODES = /(?<![0-9A-Za-z])[2-5][0-9][0-9][ -][245]\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9A-Za-z])/g;
const SPACES = /[ \t\r\n]+/g;

/**
 * A reply text as match texts are compared with it (as Python's vendors._fold does).
 * @param {string} text
 */
function foldReply(text) {
  return asciiLower(text.replace(LINE_CODES, " ").replace(SPACES, " "));
}
// A host name as replies and DSN fields write it; Python's \w is Unicode, hence \p{L}\p{N}.
// The letters are ASCII, spelt out: no "i" flag, under which [a-z] takes U+017F and the Kelvin
// sign too.
const HOST = /(?<![\p{L}\p{N}_.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![\p{L}\p{N}_-])/gu;
const WORD = /[\p{L}\p{N}_.-]+/gu;
const HOST_NAME = /^[A-Za-z0-9.-]+$/;
const ASCII_SPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/**
 * A host name to compare, as Python's smtp_status.vendors.host_name gives it: ASCII white
 * space and trailing dots stripped, lower-cased; undefined when what is left is no host
 * name (host names are ASCII letters, digits, hyphens and dots, or A-labels). Not
 * String.prototype.trim, which strips U+FEFF and Unicode spaces but not U+001C or U+0085.
 * @param {string} host
 * @returns {string | undefined}
 */
function hostName(host) {
  let name = host.replace(ASCII_SPACE, "");
  let end = name.length;
  while (end > 0 && name[end - 1] === ".") {
    end -= 1;
  }
  name = name.slice(0, end);
  if (!HOST_NAME.test(name)) {
    return undefined;
  }
  return asciiLower(name);
}

/**
 * @param {string} host
 * @returns {string | undefined}
 */
function hostProvider(host) {
  const name = hostName(host);
  if (name === undefined) {
    return undefined;
  }
  for (const provider of providers) {
    if (provider.host_suffixes.some((suffix) => name === suffix || name.endsWith("." + suffix))) {
      return provider.id;
    }
  }
  return undefined;
}

/**
 * The provider a host name or a reply's text belongs to (the host wins); undefined when
 * none is recognised. In the text, a marker (Gmail's "gsmtp"), a word starting with one of
 * the provider's prefixes (Exchange's "RESOLVER.") or a host name under one of the
 * provider's suffixes counts.
 * @param {{ host?: string | null, text?: string | null }} [options]
 * @returns {string | undefined}
 */
function providerOf({ host, text } = {}) {
  if (host) {
    const found = hostProvider(host);
    if (found !== undefined) {
      return found;
    }
  }
  if (text) {
    const words = new Set(text.match(WORD) || []);
    for (const provider of providers) {
      if (provider.reply_markers.some((marker) => words.has(marker)) ||
          provider.reply_prefixes.some((prefix) => [...words].some(
            (word) => word.length > prefix.length && word.startsWith(prefix)))) {
        return provider.id;
      }
    }
    for (const candidate of text.match(HOST) || []) {
      const found = hostProvider(candidate);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/**
 * The recognised provider's entry for a status code, or undefined: when no provider is
 * recognised (`provider` when given, else from `host` or `text`; never guessed from the code
 * alone), when it documents nothing for the code (or nothing paired with `replyCode`), or
 * when the code is not a status code. Where the code has several meanings, the first entry
 * whose match_text `text` contains wins (ignoring ASCII case, line codes and runs of white
 * space), else the code's general entry: the same answer as Python's lookup_vendor.
 * @param {unknown} code
 * @param {{ host?: string | null, text?: string | null, replyCode?: number,
 *   provider?: string }} [options]
 */
function lookupVendor(code, { host, text, replyCode, provider } = {}) {
  let status;
  if (code instanceof StatusCode) {
    status = code;
  } else {
    try {
      status = parseStatusCode(code);
    } catch (error) {
      if (error instanceof InvalidStatusCode) {
        return undefined;
      }
      throw error;
    }
  }
  const owner = provider ?? providerOf({ host, text });
  if (owner === undefined) {
    return undefined;
  }
  const key = [status.class, status.subject, status.detail];
  let general;
  let folded;
  for (const { entry, first, last, match } of vendorRanges) {
    if (entry.provider !== owner || compareKeys(first, key) > 0 || compareKeys(key, last) > 0) {
      continue;
    }
    if (replyCode !== undefined && entry.reply_codes !== null &&
        !entry.reply_codes.includes(replyCode)) {
      continue;
    }
    if (match === null) {
      general ??= entry;
      continue;
    }
    folded ??= foldReply(text ?? "");
    if (folded.includes(match)) {
      return entry;
    }
  }
  return general;
}

/**
 * What to call a provider id in prose: "Microsoft 365 / Exchange Online".
 * @param {string} id
 */
function providerName(id) {
  return providerNames.get(id);
}

// Why a recipient bounced (smtp-bounce-reasons.json): the reasons, and the rules classify
// applies in order; reasons.cjs is the hand-written classifier.
const bounceReasons = frozen(reasonsDocument.reasons);
const reasonRules = frozen(reasonsDocument.rules);
// JSON modules type "hard" as any string; reasons.cjs wants its literal values, which the
// schema of smtp-bounce-reasons.json guarantees.
const reasonsData = /** @type {Parameters<typeof createClassify>[0]} */ (
  /** @type {unknown} */ (reasonsDocument));
const classify = createClassify(reasonsData, parseStatusCode, StatusCode, providerOf,
                                lookupVendor);

// The package's public names; index.mjs re-exports the same list by name.
module.exports = {
  REGISTRY_UPDATED,
  registry,
  classes,
  subjects,
  codes,
  replyCodes,
  EnhancedCode,
  ReplyCode,
  InvalidStatusCode,
  StatusCode,
  parseStatusCode,
  lookup,
  isPermanent,
  isTransient,
  isSuccess,
  lookupReplyCode,
  providers,
  vendorCodes,
  providerOf,
  lookupVendor,
  providerName,
  bounceReasons,
  reasonRules,
  classify,
};
