/* test-tasks-common.c: what the tasks page's UI tests share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-images-page-private.h"
#include "ferry-task-row.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-tasks.h"

FerryApplication *app;
FerryWindow *window;
FerryTasksPage *tasks;
char *web_id;

static GDBusConnection *bus;
static guint32 last_notification_id;
char *last_notification_summary;
char *last_notification_body;

FerryCopyQueue *
queue (void)
{
  FerryCopyQueue *q = ferry_window_get_queue (window);

  g_assert_nonnull (q);
  return q;
}

const char *
project_id (const char *region)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  FerryProject *project = ferry_account_get_region_project (account, region);

  g_assert_nonnull (project);
  return ferry_project_get_id (project);
}

FerryCopyTask *
add_copy (const char *name,
          const char *destination,
          const char *agency)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  g_autoptr(FerryCopyTask) task = NULL;

  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           web_id, "web-server",
                                           "cn-north-4", project_id ("cn-north-4"),
                                           destination, destination, project_id (destination),
                                           name, NULL, agency, NULL);
  g_assert_true (ferry_copy_queue_add (queue (), task, NULL));
  return task;
}

guint
count_state (FerryTaskState state)
{
  GListModel *model = G_LIST_MODEL (queue ());
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (ferry_copy_task_get_state (task) == state)
        n++;
    }
  return n;
}

guint
count_in_flight (void)
{
  return count_state (FERRY_TASK_STATE_SUBMITTING) + count_state (FERRY_TASK_STATE_RUNNING);
}

gboolean
task_is_final (gpointer data)
{
  return ferry_task_state_is_final (ferry_copy_task_get_state (data));
}

void
wait_final (FerryCopyTask *task)
{
  if (!ferry_test_ui_wait_for (task_is_final, task, 60000))
    g_error ("task “%s” is still %s", ferry_copy_task_get_name (task),
             ferry_task_state_to_label (ferry_copy_task_get_state (task)));
}

GtkWidget *
row_of (FerryCopyTask *task)
{
  FerryTaskRow *row = ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (task));

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

guint
badge (void)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (tasks)));
  AdwViewStackPage *page = adw_view_stack_get_page (stack, GTK_WIDGET (tasks));

  return adw_view_stack_page_get_badge_number (page);
}

gboolean
is_images_page (gpointer data)
{
  FerryImagesPage *page = ferry_window_get_images_page (window);

  return g_strcmp0 (ferry_window_get_page (window), "images") == 0 &&
         !ferry_images_page_get_loading (page) &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0;
}

void
assert_label (GtkWidget  *widget,
              const char *expected)
{
  g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                 expected);

  if (problem != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), problem);
}

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary;
      const char *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_free (last_notification_summary);
      last_notification_summary = g_strdup (summary);
      g_free (last_notification_body);
      last_notification_body = g_strdup (body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++last_notification_id));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "ferry", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  /* 4: do not queue; 1: the primary owner. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

void
click_last_notification (void)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", last_notification_id, "default"), &error);
  g_assert_no_error (error);
}

gboolean
notified (gpointer data)
{
  return g_strcmp0 (last_notification_summary, data) == 0;
}

gboolean
notified_text (gpointer data)
{
  g_autofree char *text = NULL;

  if (last_notification_summary == NULL)
    return FALSE;
  text = g_strconcat (last_notification_summary, "\n", last_notification_body, NULL);
  return g_strcmp0 (text, data) == 0;
}

void
stop_notification_server (void)
{
  g_clear_object (&bus);
  g_clear_pointer (&last_notification_summary, g_free);
  g_clear_pointer (&last_notification_body, g_free);
}

void
tasks_open_sandbox (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryImagesPage *page = ferry_window_get_images_page (window);
  GListModel *images;

  ferry_test_ui_resize (GTK_WINDOW (window), 1000, 760);
  g_object_set (sandbox, "copy-seconds", COPY_SECONDS, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sandbox", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  images = ferry_images_page_get_images (page);
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      if (g_strcmp0 (ferry_image_get_name (image), "web-server") == 0)
        web_id = g_strdup (ferry_image_get_id (image));
    }
  g_assert_nonnull (web_id);
}
