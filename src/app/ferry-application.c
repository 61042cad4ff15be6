/* ferry-application.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ferry-application.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  FerryAccountStore *account_store;
  FerrySandbox      *sandbox;
  /* session → FerryCopyQueue */
  GHashTable        *queues;
  /* The sandbox's tasks file, removed at shutdown. */
  char              *sandbox_tasks_path;

  /* --sandbox: the first window opens the sandbox. */
  gboolean           open_sandbox;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

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

  return g_hash_table_lookup (self->queues, session);
}

FerryCopyQueue *
ferry_application_ensure_queue (FerryApplication *self,
                                const char       *session,
                                FerryClient      *client,
                                FerryAccount     *account)
{
  g_autoptr(FerryTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *queue;

  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);

  queue = g_hash_table_lookup (self->queues, session);
  if (queue != NULL)
    return queue;

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
    store = ferry_task_store_new (NULL);

  queue = ferry_copy_queue_new (client, account, store);
  /* A damaged file was kept aside: the queue goes on, empty. */
  if (!ferry_copy_queue_load (queue, &error))
    g_warning ("Copy tasks: %s", error->message);
  ferry_copy_queue_run (queue);
  g_hash_table_insert (self->queues, g_strdup (session), queue);
  return queue;
}

void
ferry_application_drop_queue (FerryApplication *self,
                              const char       *session)
{
  g_return_if_fail (FERRY_IS_APPLICATION (self));
  g_return_if_fail (session != NULL);

  g_hash_table_remove (self->queues, session);
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
    ferry_copy_queue_stop (queue);
  g_hash_table_remove_all (self->queues);
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

  if (g_variant_dict_contains (options, "sandbox"))
    self->open_sandbox = TRUE;

  /* Carry on: register and activate as usual. */
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
  gtk_window_present (GTK_WINDOW (about));
}

static void
ferry_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  FerryApplication *self = user_data;
  GList *windows;

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

static const GActionEntry app_actions[] = {
  { "about", ferry_application_about_action },
  { "quit", ferry_application_quit_action },
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

  stop_queues (self);
  g_clear_pointer (&self->queues, g_hash_table_unref);
  remove_sandbox_tasks (self);
  if (self->sandbox != NULL)
    ferry_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->account_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;

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

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}
