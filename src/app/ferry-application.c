/* ferry-application.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libportal/portal.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "ferry-application.h"
#include "ferry-application-private.h"
#include "ferry-a11y.h"
#include "ferry-session.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  /* What main() read of the environment, for the session. */
  char              *endpoint;
  char              *tasks_file;
  /* Made at startup: the accounts, the sandbox and the copies. */
  FerrySession      *session;

  /* --sandbox: the first window opens the sandbox. */
  gboolean           open_sandbox;

  /* The window was closed while copies ran: hidden, and the application
   * held, until every queue is idle. */
  GtkWindow         *background_window;
  gboolean           held;

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
  PROP_ENDPOINT,
  PROP_TASKS_FILE,
  PROP_IN_BACKGROUND,
  PROP_NOTIFY_AFTER_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

FerrySession *
ferry_application_get_session (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->session;
}

FerryAccountStore *
ferry_application_get_account_store (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->session != NULL ? ferry_session_get_account_store (self->session) : NULL;
}

FerrySandbox *
ferry_application_ensure_sandbox (FerryApplication  *self,
                                  GError           **error)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);

  return ferry_session_ensure_sandbox (self->session, error);
}

FerryCopyQueue *
ferry_application_lookup_queue (FerryApplication *self,
                                const char       *session)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);

  return ferry_session_lookup_queue (self->session, session);
}

guint
ferry_application_get_n_active_copies (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), 0);

  return self->session != NULL ? ferry_session_get_n_active_copies (self->session) : 0;
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

/* The session's "batch-finished": one notification for what ended since
 * the queue was last idle, when a copy ran long enough or one needs the
 * user, and no window is there to show it. */
static void
batch_finished_cb (FerrySession     *session,
                   const char       *session_id,
                   FerryCopyQueue   *queue,
                   guint             n_done,
                   guint             n_failed,
                   guint             n_unknown,
                   gint64            longest,
                   FerryCopyTask    *last,
                   FerryApplication *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  const char *title;

  /* A copy whose outcome is unknown is said whatever its length: it waits
   * for the user. */
  if (!((n_done + n_failed > 0 && longest >= self->notify_after_seconds) || n_unknown > 0) ||
      has_active_window (self))
    return;

  id = g_strconcat ("copies-", session_id, NULL);
  if (n_unknown > 0)
    {
      g_autofree char *unknown = NULL;

      /* The one thing Ferry will not do alone: the user decides. */
      title = ngettext ("A Copy Needs Your Decision", "Copies Need Your Decision", n_unknown);
      unknown = g_strdup_printf (ngettext ("Whether %u copy was made is not known: look again or submit it again on the tasks page.",
                                           "Whether %u copies were made is not known: look again or submit them again on the tasks page.",
                                           n_unknown), n_unknown);
      if (n_done + n_failed == 0)
        body = g_steal_pointer (&unknown);
      else
        {
          g_autofree char *done = g_strdup_printf (ngettext ("%u copy is ready.", "%u copies are ready.",
                                                             n_done), n_done);
          g_autofree char *failed = g_strdup_printf (ngettext ("%u copy failed.", "%u copies failed.",
                                                               n_failed), n_failed);

          /* Translators: "Whether 1 copy was made is not known: … 3 copies
           * are ready. 0 copies failed." */
          body = g_strdup_printf (C_("notification", "%s %s %s"), unknown, done, failed);
        }
    }
  else if (n_done + n_failed == 1 && last != NULL)
    {
      if (n_done == 1)
        {
          title = _("Copy Finished");
          /* Translators: "“copy_web” is ready in CN East-Shanghai2." */
          body = g_strdup_printf (_("“%s” is ready in %s."), ferry_copy_task_get_name (last),
                                  region_name (queue, ferry_copy_task_get_destination_region (last)));
        }
      else
        {
          const char *sentence = ferry_copy_task_get_error_sentence (last);

          title = _("Copy Failed");
          /* Translators: the image, then why its copy failed. */
          body = g_strdup_printf (_("%s: %s"), ferry_copy_task_get_image_name (last),
                                  sentence != NULL ? sentence : _("The copy failed."));
        }
    }
  else
    {
      g_autofree char *done = g_strdup_printf (ngettext ("%u copy is ready.", "%u copies are ready.",
                                                         n_done), n_done);
      g_autofree char *failed = g_strdup_printf (ngettext ("%u copy failed.", "%u copies failed.",
                                                           n_failed), n_failed);

      if (n_done == 0)
        {
          /* "0 copies are ready" says nothing. */
          title = _("Copies Failed");
          body = g_steal_pointer (&failed);
        }
      else if (n_failed > 0)
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
  g_notification_set_default_action_and_target (notification, "app.show-tasks", "s", session_id);
  g_application_send_notification (G_APPLICATION (self), id, notification);
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
  g_autofree char *fate = ferry_session_dup_copies_fate (self->session);
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
  if (!ferry_session_get_quitting (self->session) && gtk_window_get_application (window) != NULL)
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

/* A window's "keep-in-background": hides it and holds the application
 * (the "in-background" property) until no copy is queued or in flight;
 * then the hidden window is destroyed and the hold released, so that the
 * application may exit. Activating the application meanwhile shows the
 * window again, on its tasks page. With the Background portal the window
 * stays until the portal answers: granted, as above; refused (or no
 * portal), a dialog over the window says that the copies will be followed
 * at the next start and offers to quit, nothing being lost (the tasks are
 * in their file). */
static void
keep_in_background_cb (GtkWindow        *window,
                       FerryApplication *self)
{
  g_autoptr(XdpParent) parent = NULL;
  BackgroundRequest *request;

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
      FerryAccountStore *store = ferry_session_get_account_store (self->session);
      g_autofree char *active_id = ferry_account_store_dup_active_id (store);

      window = ferry_window_new (GTK_APPLICATION (self), self->session);
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

  ferry_session_set_quitting (self->session, TRUE);
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
  fate = ferry_session_dup_copies_fate (self->session);
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
    g_object_set (window, "active-account", FERRY_SESSION_SANDBOX, NULL);
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

  self->session = ferry_session_new (self->settings, self->endpoint, self->tasks_file);
  g_signal_connect_object (self->session, "batch-finished", G_CALLBACK (batch_finished_cb),
                           self, 0);
  g_signal_connect_object (self->session, "notify::n-active-copies",
                           G_CALLBACK (check_background), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

/* Every main window, however made, may ask to stay in the background. */
static void
ferry_application_window_added (GtkApplication *app,
                                GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (ferry_application_parent_class)->window_added (app, window);

  if (FERRY_IS_WINDOW (window))
    g_signal_connect_object (window, "keep-in-background", G_CALLBACK (keep_in_background_cb),
                             app, 0);
}

static void
ferry_application_window_removed (GtkApplication *app,
                                  GtkWindow      *window)
{
  g_signal_handlers_disconnect_by_func (window, keep_in_background_cb, app);

  GTK_APPLICATION_CLASS (ferry_application_parent_class)->window_removed (app, window);
}

static void
ferry_application_shutdown (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  /* The queues give up their leases, so that the next start (or
   * ferryctl) takes the running copies over at once. */
  ferry_session_stop (self->session);

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
  /* Windows may keep the session longer: it must not call back. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->portal);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

static void
ferry_application_finalize (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  g_free (self->endpoint);
  g_free (self->tasks_file);

  G_OBJECT_CLASS (ferry_application_parent_class)->finalize (object);
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
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_TASKS_FILE:
      g_value_set_string (value, self->tasks_file);
      break;
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
    case PROP_ENDPOINT:
      /* Read once, when the session is made at startup. */
      g_return_if_fail (self->session == NULL);
      g_free (self->endpoint);
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_TASKS_FILE:
      g_return_if_fail (self->session == NULL);
      g_free (self->tasks_file);
      self->tasks_file = g_value_dup_string (value);
      break;
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
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;
  object_class->finalize = ferry_application_finalize;
  object_class->get_property = ferry_application_get_property;
  object_class->set_property = ferry_application_set_property;

  /* $FERRY_ENDPOINT and $FERRY_TASKS_FILE, read by main(): set before
   * the application starts. */
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASKS_FILE] =
    g_param_spec_string ("tasks-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
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

  gtk_app_class->window_added = ferry_application_window_added;
  gtk_app_class->window_removed = ferry_application_window_removed;
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
  self->notify_after_seconds = 60;

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}
