// Where a map page's main-thread work goes, beside its floor's: Chromium's
// performance traces of a first visit on Lighthouse's phone, the page and
// its floor in turn, broken down by the kind of work, the script it was
// for, and for style and layout by what was laid out and the font
// look-ups it waited for.
//
//	node web/audit/trace.mjs    (after make build and make audit's npm ci)
//
// AUDIT_PAGES and AUDIT_RUNS narrow it as they do make audit; TRACE_BRIEF=1
// prints a line a page; TRACE_URLS="A B ..." traces those addresses in
// turn instead (such as two builds of one page), and TRACE_FLOOR=A adds
// the floor of A; TRACE_JS=1 adds each script function's own time;
// TRACE_SLOWDOWN the processor slowdown (4, Lighthouse's); TRACE_KEEP a
// folder for the traces.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import { screenEmulationMetrics, userAgents } from 'lighthouse/core/config/constants.js';
import { TraceProcessor } from 'lighthouse/core/lib/tracehouse/trace-processor.js';
import { MainThreadTasks } from 'lighthouse/core/lib/tracehouse/main-thread-tasks.js';

import { measure, serveFloors, serve, mapPages } from './floor.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.env.AUDIT_RUNS) || 3;
const slowdown = Number(process.env.TRACE_SLOWDOWN ?? 4);
const keep = process.env.TRACE_KEEP; // a folder to write the traces to

const categories = ['-*', 'loading', 'v8', 'v8.execute', 'blink.user_timing', 'devtools.timeline',
  'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-lighthouse', 'fonts', ...(process.env.TRACE_CATS ? process.env.TRACE_CATS.split(',') : []), ...(process.env.TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : [])];

async function trace(browser, url) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  try {
    const screen = screenEmulationMetrics.mobile;
    await page.setUserAgent(userAgents.mobile);
    await page.setViewport({ width: screen.width, height: screen.height, deviceScaleFactor: screen.deviceScaleFactor, isMobile: true, hasTouch: true });
    if (slowdown > 1) await page.emulateCPUThrottling(slowdown);
    await page.goto('about:blank');
    await page.tracing.start({ categories });
    await page.goto(url, { waitUntil: 'networkidle0' });
    await new Promise((r) => setTimeout(r, 1500));
    const buffer = await page.tracing.stop();
    return JSON.parse(Buffer.from(buffer).toString());
  } finally {
    await context.close();
  }
}

// cpu is an event's processor time where the trace has it, else its time.
const cpu = (task) => {
  const { dur, tdur } = task.event;
  return tdur !== undefined && dur > 0 ? (task.duration * tdur) / dur : task.duration;
};
const selfCpu = (task) => {
  const own = cpu(task) - task.children.reduce((sum, c) => sum + cpu(c), 0);
  return Math.max(0, own);
};

function analyse(json) {
  const traceEvents = json.traceEvents || json;
  const trace = TraceProcessor.processTrace({ traceEvents });
  const nav = TraceProcessor.processNavigation(trace);
  const tasks = MainThreadTasks.getMainThreadTasks(trace.mainThreadEvents, trace.frames, trace.timestamps.traceEnd, trace.timestamps.timeOrigin);
  const out = { total: 0, groups: {}, names: {}, urls: {}, top: [], style: [], fcp: nav.timings.firstContentfulPaint, load: nav.timings.load };
  const visit = (task) => {
    const self = selfCpu(task);
    out.groups[task.group.id] = (out.groups[task.group.id] || 0) + self;
    out.names[task.event.name] = (out.names[task.event.name] || 0) + self;
    const u = (task.attributableURLs.at(-1) || '(none)').replace(/^https?:\/\/[^/]+/, '');
    out.urls[u] = (out.urls[u] || 0) + self;
    if (task.event.name === 'UpdateLayoutTree' || task.event.name === 'Layout') {
      const a = task.event.args;
      out.style.push({
        at: task.startTime,
        name: task.event.name,
        ms: cpu(task),
        elements: a?.elementCount ?? a?.beginData?.elementCount,
        dirty: task.endEvent?.args?.endData?.layoutRoots?.length,
        objects: a?.beginData ? `${a.beginData.dirtyObjects}/${a.beginData.totalObjects}` : undefined,
        forced: (a?.beginData?.stackTrace || a?.stackTrace || []).slice(0, 2).map((f) => `${f.functionName}@${(f.url || '').replace(/^.*\//, '')}:${f.lineNumber}`).join(' < '),
        parent: task.parent?.event.name,
      });
    }
    task.children.forEach(visit);
  };
  out.functions = profile(traceEvents, trace.mainThreadEvents[0]?.pid);
  out.fonts = fonts(trace.mainThreadEvents);
  for (const task of tasks) {
    if (task.parent) continue;
    out.total += cpu(task);
    out.top.push({ at: task.startTime, ms: cpu(task), name: task.event.name, kids: summariseKids(task), render: renderTime(task) });
    visit(task);
  }
  return out;
}

// profile is the self time of each JS function on the main thread of
// pid, from the V8 sampling profiler's chunks in the trace.
function profile(events, pid) {
  const nodes = new Map();
  const self = {};
  let last;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid) continue;
    const c = e.args.data.cpuProfile || {};
    for (const n of c.nodes || []) nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas || [];
    (c.samples || []).forEach((id, k) => {
      if (last !== undefined) self[last] = (self[last] || 0) + deltas[k] / 1000;
      last = id;
    });
  }
  const name = (f) => `${f.functionName || '(anon)'} ${(f.url || '').replace(/^.*\//, '')}:${f.lineNumber + 1}`;
  // TRACE_UNDER, a function's name, counts only what was sampled under it.
  const under = process.env.TRACE_UNDER;
  const isUnder = (id) => {
    for (let n = nodes.get(id); n; n = nodes.get(n.parent)) if (n.callFrame.functionName === under) return true;
    return false;
  };
  const by = {};
  for (const [id, ms] of Object.entries(self)) {
    const f = nodes.get(Number(id))?.callFrame;
    if (!f || (under && !isUnder(Number(id)))) continue;
    by[name(f)] = (by[name(f)] || 0) + ms;
  }
  return by;
}

// fonts counts the main thread's font look-ups: the strikes (a typeface
// at a size, each a round trip to the browser's process), the families
// matched and the files opened, and the time of the outermost look-ups.
function fonts(events) {
  const count = (name) => events.filter((e) => e.name === name).length;
  let ms = 0;
  let end = 0;
  for (const e of events.filter((e) => e.name === 'FontCache::GetFontPlatformData' && e.ph === 'X').sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue;
    ms += (e.tdur ?? e.dur) / 1000;
    end = e.ts + e.dur;
  }
  return {
    strikes: count('WebSandboxSupportLinux::GetWebFontRenderStyleForStrike'),
    families: count('FontDataManager::onMatchFamilyStyle'),
    files: count('FontDataManager::onMakeFromStreamArgs'),
    ms,
  };
}

// renderTime is a task's style, layout and paint, and the largest layout's
// objects.
function renderTime(task) {
  let ms = 0;
  let objects = 0;
  const walk = (t) => {
    if (['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize'].includes(t.event.name)) {
      ms += cpu(t);
      if (t.event.name === 'Layout') objects = Math.max(objects, t.event.args?.beginData?.dirtyObjects || 0);
      return;
    }
    t.children.forEach(walk);
  };
  walk(task);
  return { ms, objects };
}

function summariseKids(task) {
  const acc = {};
  const walk = (t) => {
    const key = t.event.name + (t.event.name === 'EvaluateScript' || t.event.name === 'FunctionCall' ? ' ' + ((t.event.args?.data?.url || t.attributableURLs.at(-1) || '').replace(/^.*\//, '')) : '');
    acc[key] = (acc[key] || 0) + selfCpu(t);
    t.children.forEach(walk);
  };
  walk(task);
  return Object.entries(acc).filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const f0 = (v) => (v === undefined ? '-' : v.toFixed(0));


// brief is one line of medians: the whole, and the kinds of work a
// first screen costs.
function brief(w) {
  const m = (of) => f0(median(w.runs.map(of)));
  const n = (name) => m((r) => r.names[name] || 0);
  console.log(`${w.label.padEnd(40)} total ${m((r) => r.total)} (${w.runs.map((r) => f0(r.total)).join(' ')})` +
    `  first frame ${m((r) => r.top.reduce((a, t) => (t.render.objects > a.render.objects ? t : a)).render.ms)}` +
    `  style ${n('UpdateLayoutTree')} layout ${n('Layout')} paint ${n('Paint')} parse ${n('ParseHTML')}` +
    ` script ${m((r) => r.groups.scriptEvaluation || 0)} microtasks ${n('RunMicrotasks')} other ${m((r) => r.groups.other || 0)}`);
}

function report(w) {
  const names = new Set(w.runs.flatMap((r) => Object.keys(r.names)));
  const rows = [...names].map((n) => [n, median(w.runs.map((r) => r.names[n] || 0))]).filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]);
  const groups = new Set(w.runs.flatMap((r) => Object.keys(r.groups)));
  console.log(`${w.label}: total ${f0(median(w.runs.map((r) => r.total)))} ms (${w.runs.map((r) => f0(r.total)).join(' ')}), FCP ${f0(median(w.runs.map((r) => r.fcp)))} ms; ` +
    [...groups].map((g) => `${g} ${f0(median(w.runs.map((r) => r.groups[g] || 0)))}`).join(', '));
  console.log('  by event: ' + rows.map(([n, v]) => `${n} ${v.toFixed(1)}`).join(', '));
  const typical = w.runs.find((r) => r.total === median(w.runs.map((x) => x.total)));
  console.log('  by script: ' + Object.entries(typical.urls).filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]).map(([u, v]) => `${u} ${v.toFixed(0)}`).join(', '));
  if (Object.keys(typical.functions).length) {
    const sum = {};
    for (const r of w.runs) for (const [k, v] of Object.entries(r.functions)) sum[k] = (sum[k] || 0) + v / w.runs.length;
    console.log('  JS self time, mean of runs: ' + Object.entries(sum).filter(([k, v]) => v >= 0.5 && !/^\((idle|program|root)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TRACE_TOP) || 40).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ') + ` (all ${Object.values(sum).reduce((a, b) => a + b, 0).toFixed(1)})`);
  }
  const font = (k) => median(w.runs.map((r) => r.fonts[k]));
  console.log(`  fonts: ${font('strikes')} strikes, ${font('families')} families matched, ${font('files')} files, ${f0(font('ms'))} ms of look-ups (medians)`);
  console.log('  tasks over 5 ms (at ms: cpu ms name: inside):');
  for (const t of typical.top.filter((t) => t.ms >= 5)) console.log(`    ${f0(t.at)}: ${t.ms.toFixed(1)} ${t.name}: ${t.kids}`);
  console.log('  style and layout over 0.5 ms:');
  for (const s of typical.style.filter((s) => s.ms >= 0.5)) {
    console.log(`    ${f0(s.at)}: ${s.name} ${s.ms.toFixed(1)} ms` + (s.elements !== undefined ? ` elements ${s.elements}` : '') +
      (s.objects ? ` objects ${s.objects}` : '') + (s.forced ? ` forced by ${s.forced}` : '') + ` in ${s.parent || 'task'}`);
  }
}

let atlasDir;
const servers = {};
if (!process.env.TRACE_URLS && mapPages.some(([site]) => site === 'atlas')) {
  atlasDir = mkdtempSync(join(tmpdir(), 'partnermap-trace-'));
  execFileSync(process.env.GO || 'go', ['run', './data/datatest/gen', '-atlas', atlasDir], { cwd: root });
  servers.atlas = await serve(['--data', atlasDir]);
}
if (!process.env.TRACE_URLS && mapPages.some(([site]) => site === 'network')) servers.network = await serve();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
let floors;
try {
  // TRACE_URLS, addresses separated by spaces, traces those in turn
  // instead of the mapPages and their floors.
  const sets = [];
  if (process.env.TRACE_URLS) {
    const set = process.env.TRACE_URLS.split(/\s+/).filter(Boolean).map((url) => ({ label: url, url, runs: [] }));
    // TRACE_FLOOR, an address, adds the floor of that page.
    if (process.env.TRACE_FLOOR) {
      floors = await serveFloors([await measure(chrome.port, process.env.TRACE_FLOOR)]);
      set.push({ label: 'floor', url: `${floors.url}/0/`, runs: [] });
    }
    sets.push(set);
  } else {
    const measured = [];
    for (const [site, path] of mapPages) measured.push(await measure(chrome.port, servers[site].url + path));
    floors = await serveFloors(measured);
    for (const [i, [site, path]] of mapPages.entries()) {
      sets.push([{ label: `${site} ${path}`, url: servers[site].url + path, runs: [] }, { label: 'its floor', url: `${floors.url}/${i}/`, runs: [] }]);
    }
  }
  for (const [i, set] of sets.entries()) {
    // In turn: a, b, b, a, a, b... so that a machine growing busier
    // weighs on each alike.
    const order = set.length === 2 ? [1, 0, 0, 1] : set.map((_, j) => j);
    for (let run = 0; run < set.length * runs; run++) {
      const which = set[order[run % order.length]];
      // A trace that missed the navigation's start (a busy machine's
      // race, as Lighthouse meets it too) is taken again.
      for (let tries = 1; ; tries++) {
        const json = await trace(browser, which.url);
        if (keep) writeFileSync(join(keep, `${i}-${set.indexOf(which)}-${which.runs.length}.json`), JSON.stringify(json));
        try {
          which.runs.push(analyse(json));
          break;
        } catch (error) {
          if (tries >= 3) throw error;
        }
      }
    }
    console.log(`\n== processor time (slowdown ${slowdown} applied by Chromium), medians of ${runs}`);
    for (const w of set) (process.env.TRACE_BRIEF ? brief : report)(w);
  }
} finally {
  browser.disconnect();
  await chrome.kill();
  floors?.stop();
  Object.values(servers).forEach((s) => s.stop());
  if (atlasDir) rmSync(atlasDir, { recursive: true, force: true });
}
