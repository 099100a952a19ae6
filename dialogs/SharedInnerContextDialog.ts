import { ComponentDialog, type DialogContext, type DialogInstance } from 'botbuilder-dialogs';

/**
 * A ComponentDialog that builds its inner dialog context once per outer context and turn, instead of at every call.
 *
 * botbuilder's `createChildContext` builds a new inner DialogContext each time it is called, and in one turn it is called
 * several times for the same outer context: the walk to the innermost dialog for the `activityReceived` event, then
 * `continueDialog`, then our own interruption check. Each build makes a DialogStateManager with its own service
 * collection, and nested components multiply that. Reusing the context is safe while the outer context still has the
 * same dialog instance on top: the inner context reads and writes that instance's stack, as a new one would.
 */
export class SharedInnerContextDialog<O extends object = {}> extends ComponentDialog<O> {
  readonly #built = new WeakMap<DialogContext, { instance: DialogInstance; inner: DialogContext }>();

  override createChildContext(outerDC: DialogContext): DialogContext {
    const instance = outerDC.activeDialog;
    const built = this.#built.get(outerDC);
    if (instance && built?.instance === instance) return built.inner;
    const inner = super.createChildContext(outerDC);
    if (instance) this.#built.set(outerDC, { instance, inner });
    return inner;
  }
}
