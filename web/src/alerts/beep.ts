// A short two-tone beep with the Web Audio API (no sound file to ship). Browsers only let audio start after a user
// gesture on the page; signing in or clicking counts, and a blocked context simply stays silent.
let context: AudioContext | undefined;

export function beep(): void {
  try {
    context ??= new AudioContext();
    void context.resume();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 1320],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.17);
    }
    beeps += 1;
  } catch {
    // No audio device or no Web Audio: the banner still shows.
  }
}

let beeps = 0;
/** How many beeps were played (the browser test reads it: a headless browser has no speaker to listen to). */
export const beepCount = () => beeps;
