// Loads the published JSON as any JavaScript consumer would, and checks what it promises.
import { readFileSync } from "node:fs";

const [codesPath, repliesPath] = process.argv.slice(2);
const registry = JSON.parse(readFileSync(codesPath, "utf8"));
const replies = JSON.parse(readFileSync(repliesPath, "utf8"));
let passed = 0;
let failed = 0;

function check(label, actual, expected) {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL ${label}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
  }
}

const byCode = new Map(registry.codes.map((entry) => [entry.code, entry]));
check("classes", registry.classes.length, 3);
check("subjects", registry.subjects.length, 8);
check("codes", registry.codes.length, 81);
check("reply codes", replies.codes.length, 44);
check("X.1.1 sample", byCode.get("X.1.1").sample_text, "Bad destination mailbox address");
check("X.7.26 sample", byCode.get("X.7.26").sample_text, "Multiple authentication checks failed");
check("X.7.30 present", byCode.has("X.7.30"), true);
check("X.6.10 deprecated", [byCode.get("X.6.10").deprecated, byCode.get("X.6.10").replaced_by], [true, "X.6.8"]);
check("X.7.17 basic", byCode.get("X.7.17").basic_code, "5XX");
check("X.1.1 classes", byCode.get("X.1.1").classes, [4, 5]);
check("registry updated", registry.registry.updated, "2024-12-06");
const order = (code) => code.split(".").slice(1).map(Number);
const sorted = registry.codes.every((entry, i, all) => i === 0 ||
  order(all[i - 1].code)[0] < order(entry.code)[0] ||
  (order(all[i - 1].code)[0] === order(entry.code)[0] && order(all[i - 1].code)[1] < order(entry.code)[1]));
check("codes sorted numerically", sorted, true);
const names = [...registry.classes, ...registry.subjects, ...registry.codes].map((e) => e.name);
check("names unique", new Set(names).size, names.length);
const reply = new Map(replies.codes.map((entry) => [entry.code, entry]));
check("550 name", reply.get(550).name, "MAILBOX_UNAVAILABLE");
check("523 undefined", reply.get(523).defined, false);
check("550 links X.1.1", reply.get(550).enhanced_codes.includes("X.1.1"), true);

console.log(`node: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
