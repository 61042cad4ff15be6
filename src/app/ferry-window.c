/* ferry-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-account-window.h"
#include "ferry-a11y.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-tasks-page.h"
#include "ferry-text.h"
#include "ferry-window.h"
#include "ferry-window-private.h"

/* Where the sandbox's demo data is richest. */
#define SANDBOX_HOME_REGION "cn-north-4"

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACTIVE_ACCOUNT,
  PROP_SESSION,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  KEEP_IN_BACKGROUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

FerryWindow *
ferry_window_new (GtkApplication *application,
                  FerrySession   *session)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FERRY_IS_SESSION (session), NULL);

  return g_object_new (FERRY_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

void
ferry_window_add_toast (FerryWindow *self,
                        const char  *title)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static gboolean
session_is_sandbox (FerryWindow *self)
{
  return g_strcmp0 (self->session_id, FERRY_WINDOW_SANDBOX) == 0;
}

static gboolean
session_is_account (FerryWindow *self)
{
  return !session_is_sandbox (self) && ferry_account_store_contains (self->store, self->session_id);
}

/* Header and actions */

static void
update_header (FerryWindow *self)
{
  gboolean sandbox = session_is_sandbox (self);
  const char *subtitle = self->session_name;

  /* The sandbox stays marked for as long as it is shown, by its pill (whose
   * tooltip says what it is). The subtitle shows only on a narrow window,
   * where the view switcher leaves the header bar: beside the pill there
   * was room for "Demo…" of the sentence that said the same. An account
   * has no pill, and its name has the room. */
  gtk_widget_set_visible (self->sandbox_pill, sandbox);
  if (sandbox)
    subtitle = NULL;
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle != NULL ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), sandbox ? _("Ferry (Sandbox)") : _("Ferry"));
}

static void
update_actions (FerryWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-account", session_is_account (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.agencies", self->client != NULL);
  ferry_window_update_copy_action (self);
}

/* The switcher moves to the bottom when the header is too narrow for it,
 * and exists only while a session is shown. */
static void
update_switcher_bar (FerryWindow *self)
{
  gboolean session;

  if (self->stack == NULL || self->switcher_bar == NULL || self->switcher_title == NULL)
    return;

  session = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "images") == 0;
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, session);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    session &&
                                    adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
visible_page_changed_cb (FerryWindow *self)
{
  const char *page;
  const char *view;

  if (self->stack == NULL || self->copy_button == NULL || self->session_stack == NULL)
    return;

  page = gtk_stack_get_visible_child_name (self->stack);
  view = adw_view_stack_get_visible_child_name (self->session_stack);
  gtk_widget_set_visible (self->copy_button,
                          g_strcmp0 (page, "images") == 0 && g_strcmp0 (view, "images") == 0);
  gtk_spinner_set_spinning (self->connecting_spinner, g_strcmp0 (page, "connecting") == 0);
  /* The tasks belong to the session shown: none on the welcome page. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-tasks", g_strcmp0 (page, "images") == 0);
  update_switcher_bar (self);
}

static void
copy_hint_changed_cb (FerryWindow *self)
{
  ferry_window_update_copy_action (self);
}

static void
region_changed_cb (FerryWindow *self)
{
  const char *region;

  if (self->images_page == NULL)
    return;

  region = ferry_images_page_get_region (self->images_page);
  if (region != NULL)
    g_settings_set_string (self->settings, "last-region", region);
}

/* Sessions */

static void
show_page (FerryWindow *self,
           const char  *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
show_error (FerryWindow  *self,
            const GError *error)
{
  g_autofree char *message = ferry_text_format_error (error);

  adw_status_page_set_description (self->connect_error_page, message);
  show_page (self, "connect-error");
}

static void
cancel_connect (FerryWindow *self)
{
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
}

/* Leaves the current session and names the next one. */
static void
set_session (FerryWindow *self,
             const char  *session,
             const char  *name)
{
  cancel_connect (self);
  ferry_images_page_set_session (self->images_page, NULL, NULL, NULL);
  ferry_window_cancel_show_task (self);
  self->tasks_when_connected = FALSE;
  if (self->queue != NULL)
    {
      g_clear_object (&self->queue);
      ferry_tasks_page_set_queue (self->tasks_page, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->credentials);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->home_region, g_free);

  g_free (self->session_id);
  self->session_id = g_strdup (session != NULL ? session : "");
  g_free (self->session_name);
  self->session_name = g_strdup (name);

  update_header (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT]);
}

static void
show_welcome (FerryWindow *self)
{
  set_session (self, NULL, NULL);
  show_page (self, "welcome");
}

static void
show_connecting (FerryWindow *self)
{
  g_autofree char *description = NULL;

  if (session_is_sandbox (self))
    description = g_strdup (_("Starting the sandbox…"));
  else if (self->session_name != NULL)
    description = g_strdup_printf (_("Signing in to “%s”…"), self->session_name);
  adw_status_page_set_description (self->connecting_page, description);
  show_page (self, "connecting");
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  FerryClient *client = FERRY_CLIENT (object);
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *region = NULL;

  account = ferry_iam_discover_account_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connect_cancellable);
  if (account == NULL)
    {
      show_error (self, error);
      return;
    }

  g_set_object (&self->client, client);
  g_set_object (&self->account, account);

  /* A session that is not remembered ("") shares the queue of its domain
   * too. */
  g_set_object (&self->queue, ferry_session_ensure_queue (self->session, self->session_id,
                                                          client, account));
  ferry_tasks_page_set_queue (self->tasks_page, self->queue);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);

  /* The region of last time, when this account has it. */
  region = g_settings_get_string (self->settings, "last-region");
  if (ferry_account_get_region_project (account, region) == NULL)
    {
      g_free (region);
      region = g_strdup (self->home_region);
    }
  ferry_images_page_set_session (self->images_page, client, account, region);
  show_page (self, "images");
  update_actions (self);
  if (self->tasks_when_connected)
    {
      self->tasks_when_connected = FALSE;
      adw_view_stack_set_visible_child_name (self->session_stack, "tasks");
    }
}

static void
connect_session (FerryWindow      *self,
                 FerryCredentials *credentials,
                 const char       *endpoint,
                 const char       *home_region)
{
  g_autoptr(FerryRegionCatalogue) catalogue = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint_copy = g_strdup (endpoint);
  g_autofree char *region_copy = g_strdup (home_region);

  cancel_connect (self);

  /* Kept to connect again with Retry. */
  g_set_object (&self->credentials, credentials);
  g_free (self->endpoint);
  self->endpoint = g_steal_pointer (&endpoint_copy);
  g_free (self->home_region);
  self->home_region = g_steal_pointer (&region_copy);

  /* Every session has its own catalogue: discovery adds the names the
   * service gives its regions. */
  catalogue = ferry_region_catalogue_new_default (&error);
  if (catalogue != NULL)
    client = ferry_client_new (credentials, self->endpoint, catalogue, &error);
  if (client == NULL)
    {
      show_error (self, error);
      return;
    }

  show_connecting (self);
  self->connect_cancellable = g_cancellable_new ();
  ferry_iam_discover_account_async (client, self->home_region, self->connect_cancellable,
                                    discover_cb, g_object_ref (self));
}

void
ferry_window_open_sandbox (FerryWindow *self)
{
  FerrySandbox *sandbox;
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));

  set_session (self, FERRY_WINDOW_SANDBOX, NULL);

  sandbox = ferry_session_ensure_sandbox (self->session, &error);
  if (sandbox == NULL)
    {
      g_autoptr(GError) wrapped = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                               _("The sandbox could not start: %s"), error->message);

      show_error (self, wrapped);
      return;
    }

  endpoint = ferry_sandbox_dup_endpoint_template (sandbox);
  credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);
  connect_session (self, credentials, endpoint, SANDBOX_HOME_REGION);
}

/* $FERRY_ENDPOINT first, then the account's own template, then the
 * `endpoint` setting, then the default (NULL, the client's). */
static char *
choose_endpoint (FerryWindow *self,
                 const char  *account_id)
{
  g_autofree char *endpoint = NULL;

  if (ferry_session_get_endpoint (self->session) != NULL)
    return g_strdup (ferry_session_get_endpoint (self->session));
  endpoint = ferry_account_store_dup_endpoint (self->store, account_id);
  if (endpoint == NULL)
    endpoint = g_settings_get_string (self->settings, "endpoint");
  if (endpoint == NULL || *endpoint == '\0')
    return NULL;
  return g_steal_pointer (&endpoint);
}

static void
lookup_credentials_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *region = NULL;

  credentials = ferry_account_store_lookup_credentials_finish (FERRY_ACCOUNT_STORE (object),
                                                               result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connect_cancellable);
  if (credentials == NULL)
    {
      show_error (self, error);
      return;
    }

  endpoint = choose_endpoint (self, self->session_id);
  region = ferry_account_store_dup_region (self->store, self->session_id);
  connect_session (self, credentials, endpoint, region != NULL ? region : SANDBOX_HOME_REGION);
}

void
ferry_window_open_account (FerryWindow *self,
                           const char  *account_id)
{
  g_autofree char *name = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));

  if (!ferry_account_store_contains (self->store, account_id))
    return;

  name = ferry_account_store_dup_name (self->store, account_id);
  set_session (self, account_id, name);
  show_connecting (self);
  self->connect_cancellable = g_cancellable_new ();
  ferry_account_store_lookup_credentials_async (self->store, account_id, self->connect_cancellable,
                                                lookup_credentials_cb, g_object_ref (self));
}

void
ferry_window_connect (FerryWindow      *self,
                      FerryCredentials *credentials,
                      const char       *endpoint_template,
                      const char       *home_region,
                      const char       *name)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (FERRY_IS_CREDENTIALS (credentials));
  g_return_if_fail (home_region != NULL);

  set_session (self, NULL, name);
  connect_session (self, credentials, endpoint_template, home_region);
}

const char *
ferry_window_get_active_account (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->session_id;
}

FerryImagesPage *
ferry_window_get_images_page (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->images_page;
}

FerryCopyQueue *
ferry_window_get_queue (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->queue;
}

const char *
ferry_window_get_page (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
ferry_window_get_view (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->session_stack);
}

FerryTasksPage *
ferry_window_get_tasks_page (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->tasks_page;
}

static void
set_active_account (FerryWindow *self,
                    const char  *id)
{
  if (g_strcmp0 (id, FERRY_WINDOW_SANDBOX) == 0)
    {
      if (!session_is_sandbox (self))
        ferry_window_open_sandbox (self);
    }
  else if (ferry_account_store_contains (self->store, id))
    {
      ferry_account_store_set_active_id (self->store, id);
      if (g_strcmp0 (self->session_id, id) != 0)
        ferry_window_open_account (self, id);
    }
}

void
ferry_window_show_session_tasks (FerryWindow *self,
                                 const char  *session)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  if (session != NULL && *session != '\0' && g_strcmp0 (session, self->session_id) != 0 &&
      (g_strcmp0 (session, FERRY_WINDOW_SANDBOX) == 0 ||
       ferry_account_store_contains (self->store, session)))
    {
      set_active_account (self, session);
      self->tasks_when_connected = TRUE;
      return;
    }

  /* Still connecting to it: the tasks once there. */
  if (self->connect_cancellable != NULL)
    {
      self->tasks_when_connected = TRUE;
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-tasks", NULL);
}

/* The accounts */

static void
rebuild_accounts_menu (FerryWindow *self)
{
  g_auto(GStrv) ids = ferry_account_store_dup_ids (self->store);
  g_autoptr(GMenuItem) sandbox = NULL;

  g_menu_remove_all (self->accounts_section);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name = ferry_account_store_dup_name (self->store, ids[i]);
      g_auto(GStrv) parts = g_strsplit (name != NULL ? name : ids[i], "_", -1);
      /* A name is not a mnemonic. */
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.active-account",
                                               g_variant_new_string (ids[i]));
      g_menu_append_item (self->accounts_section, item);
    }

  sandbox = g_menu_item_new (_("_Sandbox"), NULL);
  g_menu_item_set_action_and_target_value (sandbox, "win.active-account",
                                           g_variant_new_string (FERRY_WINDOW_SANDBOX));
  g_menu_append_item (self->accounts_section, sandbox);
}

static void
store_changed_cb (FerryWindow *self)
{
  rebuild_accounts_menu (self);

  /* The account on screen was removed: on to the next one, if any. */
  if (*self->session_id != '\0' && !session_is_sandbox (self) &&
      !ferry_account_store_contains (self->store, self->session_id))
    {
      g_autofree char *active = ferry_account_store_dup_active_id (self->store);

      if (active != NULL)
        ferry_window_open_account (self, active);
      else
        show_welcome (self);
    }
  update_actions (self);
}

static void
active_account_changed_cb (FerryWindow *self)
{
  g_autofree char *active = ferry_account_store_dup_active_id (self->store);

  if (active != NULL && g_strcmp0 (active, self->session_id) != 0)
    ferry_window_open_account (self, active);
}

/* Actions */

static void
account_added_cb (FerryWindow *self,
                  const char  *account_id,
                  const char  *name)
{
  g_autofree char *toast = g_strdup_printf (_("“%s” was added, and its keys are in your keyring"), name);

  ferry_window_add_toast (self, toast);
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  GtkWidget *dialog = ferry_account_window_new (GTK_WINDOW (self), self->store,
                                                ferry_session_get_endpoint (self->session));

  /* The form knows nothing of this window: it says what it added. */
  g_signal_connect_object (dialog, "account-added", G_CALLBACK (account_added_cb), self,
                           G_CONNECT_SWAPPED);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

static void
try_sandbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ferry_window_open_sandbox (FERRY_WINDOW (widget));
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (session_is_sandbox (self))
    ferry_window_open_sandbox (self);
  else if (session_is_account (self))
    ferry_window_open_account (self, self->session_id);
  else if (self->credentials != NULL)
    {
      g_autoptr(FerryCredentials) credentials = g_object_ref (self->credentials);
      g_autofree char *endpoint = g_strdup (self->endpoint);
      g_autofree char *region = g_strdup (self->home_region);

      connect_session (self, credentials, endpoint, region);
    }
}

typedef struct
{
  FerryWindow *self;
  char        *account_id;
} Removal;

static void
removal_free (Removal *removal)
{
  g_object_unref (removal->self);
  g_free (removal->account_id);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
remove_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  FerryWindow *self = removal->self;
  g_autoptr(GError) error = NULL;

  if (!ferry_account_store_remove_finish (FERRY_ACCOUNT_STORE (object), result, &error))
    {
      /* Still there: its copies go on being followed. */
      ferry_window_add_toast (self, error->message);
      return;
    }

  /* Its copies go on in the cloud; the tasks stay in the file, and come
   * back with the account. */
  ferry_session_drop_queue (self->session, removal->account_id);
  ferry_window_add_toast (self, _("The account and its keys were removed"));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FerryWindow      *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "ferry-account-id");
  Removal *removal;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  removal = g_new0 (Removal, 1);
  removal->self = g_object_ref (self);
  removal->account_id = g_strdup (id);
  ferry_account_store_remove_async (self->store, id, NULL, remove_done_cb, removal);
}

static void
remove_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (!session_is_account (self))
    return;

  name = ferry_account_store_dup_name (self->store, self->session_id);
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Ferry forgets the account and deletes its access keys from the keyring. Nothing changes in Huawei Cloud."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ferry-account-id", g_strdup (self->session_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

static void
show_tasks_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "images") != 0)
    return;
  adw_view_stack_set_visible_child_name (self->session_stack, "tasks");
}

/* GtkWindow */

static void
ferry_window_save_state (FerryWindow *self)
{
  int width, height;

  /* While maximized the default size is the size to restore to. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   FerryWindow      *self)
{
  if (g_strcmp0 (response, "keep") == 0)
    {
      ferry_window_save_state (self);
      g_signal_emit (self, signals[KEEP_IN_BACKGROUND], 0);
    }
  else if (g_strcmp0 (response, "stop") == 0)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

GtkWidget *
ferry_window_ask_close (FerryWindow *self)
{
  g_autofree char *count = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *fate = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  n = ferry_session_get_n_active_copies (self->session);
  fate = ferry_session_dup_copies_fate (self->session);
  count = g_strdup_printf (ngettext ("%u copy is still queued or running.",
                                     "%u copies are still queued or running.",
                                     n), n);
  keep = g_strdup_printf (C_("sentences", "%s %s"), count,
                          ngettext ("Ferry can keep following it with the window closed and tell you when it is done.",
                                    "Ferry can keep following them with the window closed and tell you when they are done.",
                                    n));
  body = fate != NULL ? g_strdup_printf (C_("sentences", "%s %s"), keep, fate) : g_steal_pointer (&keep);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Keep Copying in the Background?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "stop", _("_Stop Following"),
                                    "keep", _("_Keep Copying"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
  return dialog;
}

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  FerryWindow *self = FERRY_WINDOW (window);

  /* Copies still going: ask whether to go on following them, unless the
   * user already said (or is quitting, which asks its own question). */
  if (!self->close_confirmed && !ferry_session_get_quitting (self->session) &&
      ferry_session_get_n_active_copies (self->session) > 0)
    {
      ferry_window_ask_close (self);
      return GDK_EVENT_STOP;
    }

  ferry_window_save_state (self);

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

/* GObject */

static void
ferry_window_constructed (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  G_OBJECT_CLASS (ferry_window_parent_class)->constructed (object);

  self->store = g_object_ref (ferry_session_get_account_store (self->session));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* The resources carry the icon under the stable id, in either profile. */
  adw_status_page_set_icon_name (self->welcome_page, APP_ID_BASE);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::active-id", G_CALLBACK (active_account_changed_cb),
                           self, G_CONNECT_SWAPPED);
  rebuild_accounts_menu (self);

  /* The tasks page's badge: the copies queued or in flight. */
  g_object_bind_property (self->tasks_page, "n-active", self->tasks_stack_page, "badge-number",
                          G_BINDING_SYNC_CREATE);

  show_welcome (self);
  visible_page_changed_cb (self);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  cancel_connect (self);
  ferry_window_cancel_show_task (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);
  g_clear_object (&self->queue);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->credentials);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_finalize (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_free (self->session_id);
  g_free (self->session_name);
  g_free (self->endpoint);
  g_free (self->home_region);
  g_free (self->pending_image_id);

  G_OBJECT_CLASS (ferry_window_parent_class)->finalize (object);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_ACCOUNT:
      g_value_set_string (value, self->session_id != NULL ? self->session_id : "");
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_ACCOUNT:
      set_active_account (self, g_value_get_string (value));
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ferry_window_constructed;
  object_class->dispose = ferry_window_dispose;
  object_class->finalize = ferry_window_finalize;
  object_class->get_property = ferry_window_get_property;
  object_class->set_property = ferry_window_set_property;

  window_class->close_request = ferry_window_close_request;

  properties[PROP_ACTIVE_ACCOUNT] =
    g_param_spec_string ("active-account", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FERRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, FERRY_TYPE_COPY_QUEUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[KEEP_IN_BACKGROUND] =
    g_signal_new ("keep-in-background", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FERRY_TYPE_IMAGES_PAGE);
  g_type_ensure (FERRY_TYPE_TASKS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, session_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, tasks_stack_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, tasks_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, sandbox_pill);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connect_error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, images_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, accounts_section);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, copy_hint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.try-sandbox", NULL, try_sandbox_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", NULL, remove_account_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.copy-image", NULL, ferry_window_copy_image_action);
  gtk_widget_class_install_action (widget_class, "win.agencies", NULL, ferry_window_agencies_action);
  gtk_widget_class_install_action (widget_class, "win.show-tasks", NULL, show_tasks_action);
  gtk_widget_class_install_action (widget_class, "win.show-task", "s", ferry_window_show_task_action);
  gtk_widget_class_install_property_action (widget_class, "win.active-account", "active-account");
}

static void
ferry_window_init (FerryWindow *self)
{
  /* The schema id is the same for the Devel build. */
  self->settings = g_settings_new (APP_ID_BASE);
  self->session_id = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Read by its visible label alone, its tooltip saying more: GTK 4.8
   * would put the raw mnemonic text ("_Copy…") before it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->copy_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}
