// The script tag's entry: the isolated host, defining no global (as the inline script tag defines none).
import './isolated.ts';
