// The portal's HLS player: hls.js (served by the box from wwwroot/lib, installed from npm at build time)
// where the browser has Media Source Extensions, the browser's own HLS otherwise (Safari on iPhone).
// Saves the position every few seconds when given a position URL, and resumes from it.

const csrfHeader = 'X-HomeTelco-Request';
const saveEveryMs = 10000;
const players = new WeakMap();
let hlsClass;

async function loadHls() {
    if (hlsClass === undefined) {
        try {
            hlsClass = (await import('../lib/hls.min.mjs')).default;
        } catch {
            hlsClass = null; // built without npm: native HLS only
        }
    }
    return hlsClass;
}

async function savedPosition(positionUrl) {
    try {
        const response = await fetch(positionUrl, { credentials: 'same-origin' });
        return response.ok ? (await response.json()).positionSeconds : 0;
    } catch {
        return 0;
    }
}

function savePosition(video, positionUrl) {
    if (!positionUrl || !isFinite(video.currentTime) || video.currentTime <= 0) {
        return;
    }
    fetch(positionUrl, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', [csrfHeader]: '1' },
        body: JSON.stringify({ positionSeconds: video.currentTime }),
    }).catch(() => { });
}

export async function attach(video, url, options) {
    detach(video);
    const state = { positionUrl: options?.positionUrl };
    players.set(video, state);
    const start = state.positionUrl ? await savedPosition(state.positionUrl) : 0;
    const Hls = window.MediaSource ? await loadHls() : null;
    if (Hls && Hls.isSupported()) {
        // No worker: the portal's CSP allows scripts from the box only, not blob: workers.
        const hls = new Hls({ enableWorker: false, startPosition: start > 0 ? start : -1 });
        hls.on(Hls.Events.ERROR, (_, data) => {
            if (data.fatal) {
                video.dataset.error = data.details;
            }
        });
        hls.loadSource(url);
        hls.attachMedia(video);
        state.hls = hls;
        video.dataset.engine = 'hls.js';
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = url;
        if (start > 0) {
            video.addEventListener('loadedmetadata', () => { video.currentTime = start; }, { once: true });
        }
        video.dataset.engine = 'native';
    } else {
        video.dataset.error = 'This browser can play neither HLS nor Media Source Extensions.';
        return;
    }
    if (state.positionUrl) {
        state.timer = setInterval(() => { if (!video.paused) { savePosition(video, state.positionUrl); } }, saveEveryMs);
        state.onPause = () => savePosition(video, state.positionUrl);
        video.addEventListener('pause', state.onPause);
    }
}

export function detach(video) {
    const state = players.get(video);
    if (!state) {
        return;
    }
    players.delete(video);
    if (state.positionUrl) {
        savePosition(video, state.positionUrl);
        clearInterval(state.timer);
        video.removeEventListener('pause', state.onPause);
    }
    if (state.hls) {
        state.hls.destroy();
    } else {
        video.removeAttribute('src');
        video.load();
    }
}
