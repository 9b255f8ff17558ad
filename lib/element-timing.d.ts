// The Element Timing API's attribute (https://wicg.github.io/element-timing/), which React passes
// through to the DOM but its types do not list.
import 'react';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameter must match React's declaration
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}
