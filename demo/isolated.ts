// The isolated demo: the same checkout, with the card fields in a frame from the proxy's origin (the next port).
import './main.ts';

const card = document.querySelector('cache-card-form')!;
card.endpoint = `${location.protocol}//localhost:${Number(location.port) + 1}/cache-card`;
