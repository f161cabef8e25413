import * as v from 'valibot';
import { defineCommand, defineNotification } from './messageTypes';
import { ModelRoleSchema, ModelsStatusSchema, ModelsTestResultSchema } from './modelsProtocol';

/** Messages between the models view and the host. */

/** A chat model the editor offers (`vscode.lm.selectChatModels()`), listed by the host itself. */
export const EditorModelSchema = v.object({ id: v.string(), name: v.string(), vendor: v.string(), family: v.string() });
export type EditorModel = v.InferOutput<typeof EditorModelSchema>;

export const ModelsViewStateSchema = v.object({
  /** The provider and the model per role from the settings, once the engine has answered. */
  status: v.optional(ModelsStatusSchema),
  /** The last Test connection of the current provider (cleared when the provider or address changes). */
  test: v.optional(ModelsTestResultSchema),
  /** A Test connection is under way. */
  testing: v.optional(v.boolean()),
  /** The test under way is the view's own reachability check on opening (not the person's Test connection). */
  checking: v.optional(v.boolean()),
  /** The roles whose model the view may change (the others come from settings it does not write). */
  editableRoles: v.optional(v.array(ModelRoleSchema)),
  /** For provider `vscodeLm`: the chat models the editor offers. */
  editorModels: v.optional(v.array(EditorModelSchema)),
  /** Why the state is unknown (engine not running, failed), with the way forward. */
  error: v.optional(v.string()),
  /** How the last change of a role's model went, in words. */
  notice: v.optional(v.object({ text: v.string(), tone: v.picklist(['info', 'error']) })),
});
export type ModelsViewState = v.InferOutput<typeof ModelsViewStateSchema>;

/** Host → view: a fresh snapshot. */
export const ModelsViewStateNotification = defineNotification('modelsView/state', ModelsViewStateSchema);

/** View → host: test the configured provider (a real call to it, nothing else). */
export const ModelsViewTestCommand = defineCommand('modelsView/test', v.object({}));

/** View → host: run "MetaHuman: Select Model Provider". */
export const ModelsViewSelectProviderCommand = defineCommand('modelsView/selectProvider', v.object({}));

/** View → host: set a role's model (empty: the role uses the chat model). */
export const ModelsViewSetRoleModelCommand = defineCommand('modelsView/setRoleModel', v.object({ role: ModelRoleSchema, model: v.string() }));

/** View → host: open the model settings. */
export const ModelsViewOpenSettingsCommand = defineCommand('modelsView/openSettings', v.object({}));

/** View → host: read the status again (the error state's Retry). */
export const ModelsViewRefreshCommand = defineCommand('modelsView/refresh', v.object({}));
