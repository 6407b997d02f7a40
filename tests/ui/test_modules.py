"""The UI's pure parts, run in the browser as the page loads them: the ANSI parser, the line ring, the
merge of several containers' histories, and the duplicate check a resumed log subscription relies on."""


def run(page, server, script):
    page.goto(server.url + "/ui/img/capstan.svg")
    return page.evaluate(script)


def test_ansi_sgr_parser(server, page):
    out = run(page, server, """async () => {
        const { parseAnsi, plainText } = await import('/ui/js/logs/ansi.js');
        const show = (t) => parseAnsi(t).map((s) => [s.text, s.cls, s.style]);
        return {
            basic: show('\\x1b[1;31merror\\x1b[0m: disk full'),
            bright: show('\\x1b[92mok\\x1b[39m'),
            c256: show('\\x1b[38;5;196mred\\x1b[48;5;21mon blue'),
            rgb: show('\\x1b[38;2;10;20;30mdeep'),
            inverse: show('\\x1b[7mrev'),
            other: show('\\x1b[2K\\x1b[1Gprogress \\x1b]0;title\\x07done'),
            cr: plainText('10%\\r50%\\r100%'),
            plain: plainText('\\x1b[32mgreen\\x1b[0m text'),
        };
    }""")
    assert out["basic"] == [["error", "fg-9 ansi-b", None], [": disk full", "", None]]
    assert out["bright"] == [["ok", "fg-10", None]]
    assert out["c256"][0] == ["red", "", {"color": "rgb(255, 0, 0)"}]
    assert out["c256"][1] == ["on blue", "", {"color": "rgb(255, 0, 0)", "background-color": "rgb(0, 0, 255)"}]
    assert out["rgb"] == [["deep", "", {"color": "rgb(10, 20, 30)"}]]
    assert out["inverse"] == [["rev", "", {"color": "var(--log-bg)", "background-color": "var(--log-text)"}]]
    assert "".join(t for t, _, _ in out["other"]) == "progress done"
    assert out["cr"] == "100%"
    assert out["plain"] == "green text"


def test_line_ring_evicts_the_oldest_and_keeps_absolute_indices(server, page):
    out = run(page, server, """async () => {
        const { LogBuffer } = await import('/ui/js/logs/buffer.js');
        const b = new LogBuffer(3);
        const idx = [1, 2, 3, 4, 5].map((n) => b.push({ n }));
        return { idx, first: b.first, end: b.end, kept: [b.at(2)?.n, b.at(3)?.n, b.at(4)?.n], gone: b.at(1) === undefined };
    }""")
    assert out == {"idx": [0, 1, 2, 3, 4], "first": 2, "end": 5, "kept": [3, 4, 5], "gone": True}


def test_histories_of_several_containers_are_interleaved_by_time(server, page):
    out = run(page, server, """async () => {
        const { interleave } = await import('/ui/js/logs/session.js');
        const l = (c, seq, ts) => ({ container: c, seq, ts: `2026-01-01T00:00:0${ts}.000000000Z` });
        return interleave([l('a', 1, 1), l('a', 2, 4), l('a', 3, 3), l('b', 1, 2), l('b', 2, 5)]).map((x) => x.container + x.seq);
    }""")
    # Time order across containers; a's own order (2 before 3) is kept even though 3's time is earlier.
    assert out == ["a1", "b1", "a2", "a3", "b2"]


def test_a_resumed_subscription_drops_what_was_already_shown(server, page):
    out = run(page, server, """async () => {
        const { LogSession } = await import('/ui/js/logs/session.js');
        const shown = [];
        const s = new LogSession({ subscribe: () => ({ close() {} }) }, { engine: 'local', containers: ['c'], tail: 10 });
        s.addEventListener('lines', (e) => shown.push(...e.detail.filter((x) => x.kind === 'line').map((x) => `${x.seq}:${x.text}`)));
        const l = (seq, sec, text) => ({ container: 'c', seq, ts: `2026-01-01T00:00:${String(sec).padStart(2, '0')}.000000000Z`, stream: 'stdout', text });
        s.onMessage({ type: 'log_snapshot', lines: [l(1, 1, 'a'), l(2, 2, 'b'), l(3, 2, 'c')] });
        s.onConnection('reconnecting');
        // The server answers the resume with a line already shown (same time, same text), then new ones.
        s.onMessage({ type: 'log_snapshot', lines: [l(3, 2, 'c'), l(4, 2, 'd'), l(5, 3, 'e')] });
        s.onMessage({ type: 'new_logs', lines: [l(6, 4, 'f')] });
        return shown;
    }""")
    assert out == ["1:a", "2:b", "3:c", "4:d", "5:e", "6:f"]


def test_a_resume_onto_a_new_numbering_drops_repeats_and_keeps_counting(server, page):
    out = run(page, server, """async () => {
        const { LogSession } = await import('/ui/js/logs/session.js');
        const shown = [];
        const s = new LogSession({ subscribe: () => ({ close() {} }) }, { engine: 'local', containers: ['c'], tail: 10 });
        s.addEventListener('lines', (e) => shown.push(...e.detail.map((x) => x.kind === 'line' ? `${x.ln}:${x.text}` : `note:${x.cls}`)));
        const l = (seq, sec, text) => ({ container: 'c', seq, ts: `2026-01-01T00:00:${String(sec).padStart(2, '0')}.000000000Z`, stream: 'stdout', text });
        s.onMessage({ type: 'log_snapshot', lines: [l(500, 1, 'a'), l(501, 2, 'b')] });
        s.onConnection('reconnecting');
        // A restarted server numbering from a new base cannot resume from 501: a gap, then all it holds,
        // which reaches back past our last line — so nothing was missed.
        s.onMessage({ type: 'log_gap', missed: 9e9, ranges: { c: [502, 9e9] } });
        s.onMessage({ type: 'log_snapshot', lines: [l(9000001, 1, 'a'), l(9000002, 2, 'b'), l(9000003, 3, 'c')] });
        s.onMessage({ type: 'new_logs', lines: [l(9000004, 4, 'd')] });
        return shown;
    }""")
    assert out == ["1:a", "2:b", "3:c", "4:d"]


def test_status_texts_age_between_changes(server, page):
    """The engine sends "Up 5 minutes" once; the page must keep the uptime moving without asking again."""
    out = run(page, server, """async () => {
        const { liveStatus, humanDuration, parseHumanDuration } = await import('/ui/js/format.js');
        const at = 1_000_000_000;
        const aged = (status, ms) => liveStatus({ status, statusAt: at }, at + ms);
        return {
            up: aged('Up Less than a second', 65_000),
            healthy: aged('Up 2 minutes (healthy)', 10 * 60_000),
            hours: aged('Up About an hour', 3 * 3600_000),
            exited: aged('Exited (3) 5 seconds ago', 50_000),
            created: aged('Created', 3600_000),
            unknown: aged('Up a while', 3600_000),
            words: [0, 1, 45, 61, 600, 3700, 50 * 3600, 20 * 86400].map(humanDuration),
            parsed: ['Less than a second', 'About a minute', '3 weeks', 'soon'].map(parseHumanDuration),
        };
    }""")
    assert out["up"] == "Up About a minute"
    assert out["healthy"] == "Up 12 minutes (healthy)"
    assert out["hours"] == "Up 4 hours"
    assert out["exited"] == "Exited (3) 55 seconds ago"
    assert out["created"] == "Created"
    assert out["unknown"] == "Up a while"
    assert out["words"] == ["Less than a second", "1 second", "45 seconds", "About a minute", "10 minutes",
                            "About an hour", "2 days", "2 weeks"]
    assert out["parsed"] == [0, 60, 3 * 604800, None]
