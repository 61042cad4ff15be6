/* ferry-application.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libportal/portal.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <unistd.h>

#include "ferry-application.h"
#include "ferry-application-private.h"
#include "ferry-a11y.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  FerryAccountStore *account_store;
  FerrySandbox      *sandbox;
  /* FERRY_WINDOW_SANDBOX or a domain id → FerryCopyQueue: one queue per
   * tasks file and domain, however many sessions show that domain. */
  GHashTable        *queues;
  /* session → the key of its queue in queues. */
  GHashTable        *session_keys;
  /* The sandbox's tasks file, removed at shutdown. */
  char              *sandbox_tasks_path;

  /* --sandbox: the first window opens the sandbox. */
  gboolean           open_sandbox;

  /* The window was closed while copies ran: hidden, and the application
   * held, until every queue is idle. */
  GtkWindow         *background_window;
  gboolean           held;
  gboolean           quitting;

  /* Under Flatpak staying alive without a window needs the Background
   * portal's consent: see ferry_application_set_background_portal(). */
  gboolean           background_portal;
  XdpPortal         *portal;
  /* A request to the portal is waiting for its answer. */
  gboolean           asking_portal;

  guint              notify_after_seconds;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_IN_BACKGROUND,
  PROP_NOTIFY_AFTER_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a queue did since it was last idle, for the one notification that
 * sums it up. Kept on the queue. */
typedef struct
{
  FerryApplication *app;
  char             *session;
  guint             n_done;
  guint             n_failed;
  guint             n_unknown;
  gboolean          long_copy;
  /* The last task that finished, to name it when it is the only one. */
  FerryCopyTask    *last;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_free (batch->session);
  g_clear_object (&batch->last);
  g_free (batch);
}

static void check_background (FerryApplication *self);

FerryApplication *
ferry_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (FERRY_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       /* The Devel build has another id but the same resources. */
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
ferry_application_get_settings (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->settings;
}

FerryAccountStore *
ferry_application_get_account_store (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->account_store;
}

FerrySandbox *
ferry_application_ensure_sandbox (FerryApplication  *self,
                                  GError           **error)
{
  g_autoptr(FerrySandbox) sandbox = NULL;

  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  if (self->sandbox != NULL)
    return self->sandbox;

  /* Port 0: any free loopback port. No state file: the demo data starts
   * afresh with every session. */
  sandbox = ferry_sandbox_new ();
  if (!ferry_sandbox_start (sandbox, error))
    return NULL;

  self->sandbox = g_steal_pointer (&sandbox);
  return self->sandbox;
}

FerryCopyQueue *
ferry_application_lookup_queue (FerryApplication *self,
                                const char       *session)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (session != NULL, NULL);

  if (g_hash_table_contains (self->session_keys, session))
    session = g_hash_table_lookup (self->session_keys, session);
  return g_hash_table_lookup (self->queues, session);
}

/* Notifications */

static gboolean
has_active_window (FerryApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && gtk_window_is_active (l->data))
      return TRUE;
  return FALSE;
}

static const char *
region_name (FerryCopyQueue *queue,
             const char     *id)
{
  FerryClient *client = ferry_copy_queue_get_client (queue);
  FerryRegion *region = NULL;

  if (client != NULL && id != NULL)
    region = ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), id);
  return region != NULL ? ferry_region_get_name (region) : id;
}

static void
send_summary (FerryApplication *self,
              FerryCopyQueue   *queue,
              Batch            *batch)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = g_strconcat ("copies-", batch->session, NULL);
  g_autofree char *body = NULL;
  const char *title;

  if (batch->n_unknown > 0)
    {
      g_autofree char *unknown = NULL;

      /* The one thing Ferry will not do alone: the user decides. */
      title = ngettext ("A Copy Needs Your Decision", "Copies Need Your Decision", batch->n_unknown);
      unknown = g_strdup_printf (ngettext ("Whether %u copy was made is not known: look again or submit it again on the tasks page.",
                                           "Whether %u copies were made is not known: look again or submit them again on the tasks page.",
                                           batch->n_unknown), batch->n_unknown);
      if (batch->n_done + batch->n_failed == 0)
        body = g_steal_pointer (&unknown);
      else
        {
          g_autofree char *done = g_strdup_printf (ngettext ("%u copy is ready.", "%u copies are ready.",
                                                             batch->n_done), batch->n_done);
          g_autofree char *failed = g_strdup_printf (ngettext ("%u copy failed.", "%u copies failed.",
                                                               batch->n_failed), batch->n_failed);

          /* Translators: "Whether 1 copy was made is not known: … 3 copies
           * are ready. 0 copies failed." */
          body = g_strdup_printf (C_("notification", "%s %s %s"), unknown, done, failed);
        }
    }
  else if (batch->n_done + batch->n_failed == 1 && batch->last != NULL)
    {
      FerryCopyTask *task = batch->last;

      if (batch->n_done == 1)
        {
          title = _("Copy Finished");
          /* Translators: "“copy_web” is ready in CN East-Shanghai2." */
          body = g_strdup_printf (_("“%s” is ready in %s."), ferry_copy_task_get_name (task),
                                  region_name (queue, ferry_copy_task_get_destination_region (task)));
        }
      else
        {
          const char *sentence = ferry_copy_task_get_error_sentence (task);

          title = _("Copy Failed");
          /* Translators: the image, then why its copy failed. */
          body = g_strdup_printf (_("%s: %s"), ferry_copy_task_get_image_name (task),
                                  sentence != NULL ? sentence : _("The copy failed."));
        }
    }
  else
    {
      g_autofree char *done = g_strdup_printf (ngettext ("%u copy is ready.", "%u copies are ready.",
                                                         batch->n_done), batch->n_done);
      g_autofree char *failed = g_strdup_printf (ngettext ("%u copy failed.", "%u copies failed.",
                                                           batch->n_failed), batch->n_failed);

      if (batch->n_done == 0)
        {
          /* "0 copies are ready" says nothing. */
          title = _("Copies Failed");
          body = g_steal_pointer (&failed);
        }
      else if (batch->n_failed > 0)
        {
          title = _("Copies Finished, Some Failed");
          /* Translators: "3 copies are ready. 1 copy failed." */
          body = g_strdup_printf (C_("notification", "%s %s"), done, failed);
        }
      else
        {
          title = _("Copies Finished");
          body = g_steal_pointer (&done);
        }
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  /* The batch's own session, whichever the window shows by then. */
  g_notification_set_default_action_and_target (notification, "app.show-tasks", "s", batch->session);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
task_state_cb (FerryCopyTask  *task,
               GParamSpec     *pspec,
               FerryCopyQueue *queue)
{
  Batch *batch = g_object_get_data (G_OBJECT (queue), "ferry-batch");
  FerryTaskState state = ferry_copy_task_get_state (task);

  if (batch == NULL || (state != FERRY_TASK_STATE_DONE && state != FERRY_TASK_STATE_FAILED &&
                        state != FERRY_TASK_STATE_OUTCOME_UNKNOWN))
    return;
  if (state == FERRY_TASK_STATE_DONE)
    batch->n_done++;
  else if (state == FERRY_TASK_STATE_FAILED)
    batch->n_failed++;
  else
    batch->n_unknown++;
  if (ferry_copy_task_get_elapsed (task) >= batch->app->notify_after_seconds)
    batch->long_copy = TRUE;
  g_set_object (&batch->last, task);
}

static void
watch_tasks (FerryCopyQueue *queue,
             guint           position,
             guint           n_added)
{
  for (guint i = position; i < position + n_added; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);

      if (g_object_get_data (G_OBJECT (task), "ferry-watched") != NULL)
        continue;
      g_object_set_data (G_OBJECT (task), "ferry-watched", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (task, "notify::state", G_CALLBACK (task_state_cb), queue, 0);
    }
}

static void
queue_items_changed_cb (FerryCopyQueue *queue,
                        guint           position,
                        guint           removed,
                        guint           added)
{
  watch_tasks (queue, position, added);
}

static void
queue_idle_cb (FerryCopyQueue *queue)
{
  Batch *batch = g_object_get_data (G_OBJECT (queue), "ferry-batch");
  FerryApplication *self = batch->app;

  if (!ferry_copy_queue_is_idle (queue))
    return;

  /* A copy whose outcome is unknown is said whatever its length: it waits
   * for the user. */
  if (((batch->n_done + batch->n_failed > 0 && batch->long_copy) || batch->n_unknown > 0) &&
      !has_active_window (self))
    send_summary (self, queue, batch);
  batch->n_done = batch->n_failed = batch->n_unknown = 0;
  batch->long_copy = FALSE;
  g_clear_object (&batch->last);

  check_background (self);
}

static void
watch_queue (FerryApplication *self,
             const char       *session,
             FerryCopyQueue   *queue)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->app = self;
  batch->session = g_strdup (session);
  g_object_set_data_full (G_OBJECT (queue), "ferry-batch", batch, batch_free);
  watch_tasks (queue, 0, g_list_model_get_n_items (G_LIST_MODEL (queue)));
  g_signal_connect (queue, "items-changed", G_CALLBACK (queue_items_changed_cb), NULL);
  g_signal_connect (queue, "notify::idle", G_CALLBACK (queue_idle_cb), NULL);
}

void
ferry_application_set_notify_after_seconds (FerryApplication *self,
                                            guint             seconds)
{
  g_return_if_fail (FERRY_IS_APPLICATION (self));

  if (self->notify_after_seconds == seconds)
    return;
  self->notify_after_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFY_AFTER_SECONDS]);
}

/* Copies outliving the window */

guint
ferry_application_get_n_active_copies (FerryApplication *self)
{
  GHashTableIter iter;
  gpointer queue;
  guint n = 0;

  g_return_val_if_fail (FERRY_IS_APPLICATION (self), 0);

  if (self->queues == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &queue))
    for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
      {
        g_autoptr(FerryCopyTask) task = g_list_model_get_item (queue, i);

        if (!ferry_task_state_is_final (ferry_copy_task_get_state (task)))
          n++;
      }
  return n;
}

/* The copies queued or in flight, of the accounts' queues (they go on in
 * Huawei Cloud) and of the sandbox's (it runs in this process). */
static void
count_active_copies (FerryApplication *self,
                     guint            *n_cloud,
                     guint            *n_sandbox)
{
  GHashTableIter iter;
  gpointer key, queue;

  *n_cloud = *n_sandbox = 0;
  if (self->queues == NULL)
    return;
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, &key, &queue))
    {
      gboolean sandbox = g_strcmp0 (key, FERRY_WINDOW_SANDBOX) == 0;

      for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
        {
          g_autoptr(FerryCopyTask) task = g_list_model_get_item (queue, i);

          if (!ferry_task_state_is_final (ferry_copy_task_get_state (task)))
            (*(sandbox ? n_sandbox : n_cloud))++;
        }
    }
}

char *
ferry_application_dup_copies_fate (FerryApplication *self)
{
  guint n_cloud, n_sandbox;
  g_autofree char *cloud = NULL;
  g_autofree char *sandbox = NULL;

  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  count_active_copies (self, &n_cloud, &n_sandbox);
  if (n_cloud == 0 && n_sandbox == 0)
    return NULL;

  /* An account's copy is Huawei Cloud's once submitted, and the queue is
   * on disk; the sandbox is a server inside this process. Each sentence
   * only where it is true. */
  if (n_sandbox == 0)
    return g_strdup (ngettext ("If it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.",
                               "Those that have started go on in Huawei Cloud, and Ferry follows them all again the next time it starts.",
                               n_cloud));
  if (n_cloud == 0)
    return g_strdup (ngettext ("The sandbox runs inside Ferry: its copy ends when Ferry does.",
                               "The sandbox runs inside Ferry: its copies end when Ferry does.",
                               n_sandbox));

  cloud = g_strdup_printf (ngettext ("%u of them belongs to an account: if it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.",
                                     "%u of them belong to accounts: those that have started go on in Huawei Cloud, and Ferry follows them all again the next time it starts.",
                                     n_cloud), n_cloud);
  sandbox = g_strdup_printf (ngettext ("The other one, in the sandbox, ends with Ferry.",
                                       "The other %u, in the sandbox, end with Ferry.",
                                       n_sandbox), n_sandbox);
  /* Translators: two sentences in a row; in Chinese without a space. */
  return g_strdup_printf (C_("sentences", "%s %s"), cloud, sandbox);
}

gboolean
ferry_application_get_quitting (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), FALSE);

  return self->quitting;
}

gboolean
ferry_application_get_in_background (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), FALSE);

  return self->held;
}

static void
leave_background (FerryApplication *self)
{
  if (!self->held)
    return;
  self->held = FALSE;
  if (self->background_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->background_window),
                                  (gpointer *) &self->background_window);
  self->background_window = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_BACKGROUND]);
  g_application_release (G_APPLICATION (self));
}

/* Every copy followed to its end: nothing keeps the application alive. */
static void
check_background (FerryApplication *self)
{
  GtkWindow *window = self->background_window;

  if (!self->held || ferry_application_get_n_active_copies (self) > 0)
    return;
  if (window != NULL)
    g_object_ref (window);
  leave_background (self);
  if (window != NULL)
    {
      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        gtk_window_destroy (window);
      g_object_unref (window);
    }
}

static void
hold_in_background (FerryApplication *self,
                    GtkWindow        *window)
{
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  if (!self->held)
    {
      self->held = TRUE;
      g_application_hold (G_APPLICATION (self));
      self->background_window = window;
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->background_window);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_BACKGROUND]);
    }
  check_background (self);
}

static void quit_now (FerryApplication *self);

void
ferry_application_set_background_portal (FerryApplication *self,
                                         gboolean          use_portal)
{
  g_return_if_fail (FERRY_IS_APPLICATION (self));

  self->background_portal = !!use_portal;
}

static void
not_in_background_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               FerryApplication *self)
{
  if (g_strcmp0 (response, "quit") == 0)
    quit_now (self);
}

/* The portal said no, or there is none to ask: Ferry may not outlive its
 * window. Nothing is lost (every task is in the tasks file, and the next
 * start follows them), and the user reads so before Ferry quits. */
static GtkWidget *
say_not_in_background (FerryApplication *self,
                       GtkWindow        *window,
                       gboolean          declined)
{
  g_autofree char *fate = ferry_application_dup_copies_fate (self);
  g_autofree char *body = NULL;
  const char *why;
  GtkWidget *dialog;

  if (declined)
    why = _("Ferry was not allowed to run in the background.");
  else
    why = _("The desktop offers no way for Ferry to run in the background.");
  body = fate != NULL ? g_strdup_printf (C_("sentences", "%s %s"), why, fate) : g_strdup (why);
  dialog = adw_message_dialog_new (window, _("Copies Will Be Followed at the Next Start"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "back", _("_Keep Window Open"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  /* Escape leaves the window as it was: copies still followed. */
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "back");
  g_signal_connect_object (dialog, "response", G_CALLBACK (not_in_background_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
  return dialog;
}

typedef struct
{
  FerryApplication *app;
  GtkWindow        *window;
} BackgroundRequest;

static void
background_requested_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  BackgroundRequest *request = user_data;
  FerryApplication *self = request->app;
  GtkWindow *window = request->window;
  g_autoptr(GError) error = NULL;
  gboolean granted;

  granted = xdp_portal_request_background_finish (XDP_PORTAL (object), result, &error);
  self->asking_portal = FALSE;
  if (error != NULL)
    g_debug ("Background portal: %s", error->message);

  /* Quitting meanwhile, or the window gone: nothing left to keep. */
  if (!self->quitting && gtk_window_get_application (window) != NULL)
    {
      if (granted)
        hold_in_background (self, window);
      else
        /* libportal reports the user's "no" as FALSE, a dismissed
         * dialog as G_IO_ERROR_CANCELLED; any other error means no
         * portal answered (none on the bus, or no Background
         * interface). */
        say_not_in_background (self, window,
                               error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    }

  g_object_unref (request->window);
  g_object_unref (request->app);
  g_free (request);
}

void
ferry_application_keep_in_background (FerryApplication *self,
                                      GtkWindow        *window)
{
  g_autoptr(XdpParent) parent = NULL;
  BackgroundRequest *request;

  g_return_if_fail (FERRY_IS_APPLICATION (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  /* Outside a sandbox nothing stops a process from living on without a
   * window, and the portal has nothing to grant: xdg-desktop-portal
   * knows a host application by no app id, and GNOME lists only
   * sandboxed applications as running in the background. Holding the
   * application is then the whole of it, as before. */
  if (!self->background_portal || self->held)
    {
      hold_in_background (self, window);
      return;
    }
  if (self->asking_portal)
    return;

  if (self->portal == NULL)
    self->portal = xdp_portal_new ();
  /* The window stays until the answer: the portal may show its question
   * over it (the parent), and a "no" is told in it. */
  parent = xdp_parent_new_gtk (window);
  request = g_new0 (BackgroundRequest, 1);
  request->app = g_object_ref (self);
  request->window = g_object_ref (window);
  self->asking_portal = TRUE;
  xdp_portal_request_background (self->portal, parent,
                                 _("Ferry follows your image copies with its window closed and tells you when they are done."),
                                 NULL, XDP_BACKGROUND_FLAG_NONE, NULL,
                                 background_requested_cb, request);
}

FerryCopyQueue *
ferry_application_ensure_queue (FerryApplication *self,
                                const char       *session,
                                FerryClient      *client,
                                FerryAccount     *account)
{
  g_autoptr(FerryTaskStore) store = NULL;
  FerryCopyQueue *queue;
  const char *key;

  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);

  /* By domain: the same tasks file read by two queues of one domain (an
   * account and a session that is not remembered, or two accounts of one
   * domain) would count and notify every copy twice. The sandbox has a
   * file of its own. */
  if (g_strcmp0 (session, FERRY_WINDOW_SANDBOX) == 0)
    key = FERRY_WINDOW_SANDBOX;
  else
    key = ferry_account_get_domain_id (account);
  g_return_val_if_fail (key != NULL, NULL);
  g_hash_table_insert (self->session_keys, g_strdup (session), g_strdup (key));

  queue = g_hash_table_lookup (self->queues, key);
  if (queue != NULL)
    {
      Batch *batch = g_object_get_data (G_OBJECT (queue), "ferry-batch");

      /* Its notifications lead to a session that can be opened again. */
      if (batch != NULL && *session != '\0')
        {
          g_free (batch->session);
          batch->session = g_strdup (session);
        }
      return queue;
    }

  if (g_strcmp0 (session, FERRY_WINDOW_SANDBOX) == 0)
    {
      if (self->sandbox_tasks_path == NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s-sandbox-tasks-%d.json",
                                                   APP_ID, (int) getpid ());

          self->sandbox_tasks_path = g_build_filename (g_get_user_runtime_dir (), name, NULL);
        }
      store = ferry_task_store_new (self->sandbox_tasks_path);
    }
  else
    store = ferry_task_store_new (g_getenv (FERRY_ENV_TASKS_FILE));

  queue = ferry_copy_queue_new (client, account, store);
  /* Not loaded here: that would wait for the file's lock on this thread.
   * The queue's first turn reads the file without blocking, and what the
   * user must hear of it (a damaged file that was repaired, a newer
   * Ferry's) is the queue's warning, which the tasks page shows. */
  watch_queue (self, session, queue);
  ferry_copy_queue_run (queue);
  g_hash_table_insert (self->queues, g_strdup (key), queue);
  return queue;
}

/* A window may keep the queue a little longer than the application: it
 * must not notify, count or drive copies any more. */
static void
forget_queue (FerryCopyQueue *queue)
{
  g_signal_handlers_disconnect_by_func (queue, queue_items_changed_cb, NULL);
  g_signal_handlers_disconnect_by_func (queue, queue_idle_cb, NULL);
  g_object_set_data (G_OBJECT (queue), "ferry-batch", NULL);
  ferry_copy_queue_stop (queue);
}

void
ferry_application_drop_queue (FerryApplication *self,
                              const char       *session)
{
  g_autofree char *stolen_session = NULL;
  g_autofree char *key = NULL;
  GHashTableIter iter;
  gpointer other_session, other_key;
  FerryCopyQueue *queue;

  g_return_if_fail (FERRY_IS_APPLICATION (self));
  g_return_if_fail (session != NULL);

  if (!g_hash_table_steal_extended (self->session_keys, session,
                                    (gpointer *) &stolen_session, (gpointer *) &key))
    return;
  /* Another remembered account of the same domain still uses it. */
  g_hash_table_iter_init (&iter, self->session_keys);
  while (g_hash_table_iter_next (&iter, &other_session, &other_key))
    if (g_strcmp0 (other_key, key) == 0 &&
        ferry_account_store_contains (self->account_store, other_session))
      return;

  queue = g_hash_table_lookup (self->queues, key);
  if (queue == NULL)
    return;
  forget_queue (queue);
  g_hash_table_remove (self->queues, key);
  check_background (self);
}

static void
stop_queues (FerryApplication *self)
{
  GHashTableIter iter;
  gpointer queue;

  if (self->queues == NULL)
    return;
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &queue))
    forget_queue (queue);
  g_hash_table_remove_all (self->queues);
  g_hash_table_remove_all (self->session_keys);
}

static void
remove_sandbox_tasks (FerryApplication *self)
{
  g_autofree char *lock = NULL;

  if (self->sandbox_tasks_path == NULL)
    return;
  lock = g_strconcat (self->sandbox_tasks_path, ".lock", NULL);
  g_unlink (self->sandbox_tasks_path);
  g_unlink (lock);
  g_clear_pointer (&self->sandbox_tasks_path, g_free);
}

static void
ferry_application_activate (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);
  FerryWindow *window;

  window = FERRY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (window != NULL && self->held)
    {
      /* Back from the background: show where the copies are. */
      leave_background (self);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
    }
  if (window == NULL)
    {
      g_autofree char *active_id = ferry_account_store_dup_active_id (self->account_store);

      window = ferry_window_new (self);
      if (self->open_sandbox)
        ferry_window_open_sandbox (window);
      else if (active_id != NULL)
        ferry_window_open_account (window, active_id);
      self->open_sandbox = FALSE;
    }

  gtk_window_present (GTK_WINDOW (window));
}

static int
ferry_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  FerryApplication *self = FERRY_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "sandbox"))
    return -1;

  /* The flag would stay in this process: when Ferry already runs, ask
   * it to open the sandbox instead. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (g_application_get_is_remote (app))
    {
      GDBusConnection *connection = g_application_get_dbus_connection (app);

      g_action_group_activate_action (G_ACTION_GROUP (app), "open-sandbox", NULL);
      /* The request must leave before this process does. */
      if (connection != NULL)
        g_dbus_connection_flush_sync (connection, NULL, NULL);
      return 0;
    }
  self->open_sandbox = TRUE;

  /* Carry on: activate as usual. */
  return -1;
}

static void
ferry_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "The Ferry authors", NULL };
  FerryApplication *self = user_data;
  GtkWindow *window;
  GtkWidget *about;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", _("Ferry"),
                        "application-icon", APP_ID,
                        "comments", _("Copy cloud images across regions"),
                        "developer-name", _("The Ferry authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/imageferry/ferry",
                        "issue-url", "https://github.com/imageferry/ferry/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 The Ferry authors"),
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  ferry_a11y_present_dialog (GTK_WINDOW (about));
}

static void
quit_now (FerryApplication *self)
{
  GList *windows;

  self->quitting = TRUE;
  leave_background (self);

  /* Close the windows first so that each one saves its state. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }

  g_application_quit (G_APPLICATION (self));
}

static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  FerryApplication *self)
{
  if (g_strcmp0 (response, "quit") == 0)
    quit_now (self);
}

static GtkWindow *
visible_window (FerryApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (active != NULL && gtk_widget_get_visible (GTK_WIDGET (active)))
    return active;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

GtkWidget *
ferry_application_ask_quit (FerryApplication *self)
{
  GtkWindow *window;
  GtkWidget *dialog;
  g_autofree char *count = NULL;
  g_autofree char *fate = NULL;
  g_autofree char *body = NULL;
  guint n;

  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  n = ferry_application_get_n_active_copies (self);
  window = visible_window (self);
  if (n == 0 || window == NULL)
    {
      quit_now (self);
      return NULL;
    }

  count = g_strdup_printf (ngettext ("%u copy is still queued or running.",
                                     "%u copies are still queued or running.",
                                     n), n);
  fate = ferry_application_dup_copies_fate (self);
  body = g_strdup_printf (C_("sentences", "%s %s"), count, fate);
  dialog = adw_message_dialog_new (window, _("Quit Ferry?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
  return dialog;
}

static void
ferry_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  ferry_application_ask_quit (FERRY_APPLICATION (user_data));
}

/* A notification's default action: the tasks of the batch's session
 * (a string target), whichever session the window shows by then. */
static void
ferry_application_show_tasks_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  FerryApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (FERRY_IS_WINDOW (window))
    ferry_window_show_session_tasks (FERRY_WINDOW (window),
                                     parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL);
}

/* `ferry --sandbox` while Ferry runs: the running instance opens it. */
static void
ferry_application_open_sandbox_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  FerryApplication *self = user_data;
  GtkWindow *window;

  /* A new window opens the sandbox by itself; a window already there
   * switches to it, unless it shows it. */
  self->open_sandbox = TRUE;
  g_application_activate (G_APPLICATION (self));
  self->open_sandbox = FALSE;
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (FERRY_IS_WINDOW (window))
    g_object_set (window, "active-account", FERRY_WINDOW_SANDBOX, NULL);
}

static const GActionEntry app_actions[] = {
  { "about", ferry_application_about_action },
  { "quit", ferry_application_quit_action },
  { "show-tasks", ferry_application_show_tasks_action, "s" },
  { "open-sandbox", ferry_application_open_sandbox_action },
};

static void
ferry_application_startup (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (ferry_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

static void
ferry_application_shutdown (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  /* The queues first: they give up their leases, so that the next start
   * (or ferryctl) takes the running copies over at once. */
  stop_queues (self);
  remove_sandbox_tasks (self);
  if (self->sandbox != NULL)
    ferry_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);

  G_APPLICATION_CLASS (ferry_application_parent_class)->shutdown (app);
}

static void
ferry_application_dispose (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  if (self->background_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->background_window),
                                  (gpointer *) &self->background_window);
  self->background_window = NULL;
  stop_queues (self);
  g_clear_pointer (&self->queues, g_hash_table_unref);
  g_clear_pointer (&self->session_keys, g_hash_table_unref);
  remove_sandbox_tasks (self);
  if (self->sandbox != NULL)
    ferry_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->account_store);
  g_clear_object (&self->settings);
  g_clear_object (&self->portal);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

static void
ferry_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_IN_BACKGROUND:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_NOTIFY_AFTER_SECONDS:
      g_value_set_uint (value, self->notify_after_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_application_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_NOTIFY_AFTER_SECONDS:
      ferry_application_set_notify_after_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;
  object_class->get_property = ferry_application_get_property;
  object_class->set_property = ferry_application_set_property;

  properties[PROP_IN_BACKGROUND] =
    g_param_spec_boolean ("in-background", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTIFY_AFTER_SECONDS] =
    g_param_spec_uint ("notify-after-seconds", NULL, NULL, 0, G_MAXUINT, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->activate = ferry_application_activate;
  app_class->handle_local_options = ferry_application_handle_local_options;
  app_class->shutdown = ferry_application_shutdown;
  app_class->startup = ferry_application_startup;
}

static const GOptionEntry option_entries[] = {
  { "sandbox", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the built-in sandbox with its demo data instead of an account"), NULL },
  { NULL }
};

static void
ferry_application_init (FerryApplication *self)
{
  /* The schema id is the same for the Devel build. */
  self->settings = g_settings_new (APP_ID_BASE);
  self->account_store = ferry_account_store_new (self->settings);
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->notify_after_seconds = 60;

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}
