/* ferry-tasks-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-tasks-page.h"

struct _FerryTasksPage
{
  GtkWidget        parent_instance;

  FerryCopyQueue  *queue;
  guint            n_active;
  guint            n_in_flight;
  char            *summary;
  guint            refresh_id;
  guint            tick_id;
  /* As of the last refresh: the places in line (task id → place), the
   * cross-region tasks queued, and the rows of the tasks in flight, the
   * only ones the clock changes. */
  GHashTable      *positions;
  guint            n_running;
  guint            n_queued_cross;
  GPtrArray       *in_flight_rows;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkListBox      *list_box;
  GtkRevealer     *warning_revealer;
  GtkLabel        *warning_label;

  /* The queue's warning the user dismissed. */
  char            *dismissed_warning;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (FerryTasksPage, ferry_tasks_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_N_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (FerryTasksPage *self);

GtkWidget *
ferry_tasks_page_new (void)
{
  return g_object_new (FERRY_TYPE_TASKS_PAGE, NULL);
}

static gboolean
refresh_cb (gpointer user_data)
{
  FerryTasksPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Changes come in bursts (a store reload notifies every task): one
 * refresh for each burst. */
static void
schedule_refresh (FerryTasksPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_cb, self, NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  FerryTasksPage *self = user_data;

  for (guint i = 0; i < self->in_flight_rows->len; i++)
    {
      FerryTaskRow *row = g_ptr_array_index (self->in_flight_rows, i);

      /* A row taken off the list waits for the next refresh to go. */
      if (gtk_widget_get_parent (GTK_WIDGET (row)) == GTK_WIDGET (self->list_box))
        ferry_task_row_tick (row);
    }
  return G_SOURCE_CONTINUE;
}

/* A clock only while someone can see it move. */
static void
update_tick (FerryTasksPage *self)
{
  gboolean wanted = self->n_active > 0 && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
append_part (GString    *summary,
             const char *part)
{
  if (summary->len > 0)
    /* Translators: between the parts of "5 copying, 3 queued, 1 failed". */
    g_string_append (summary, C_("tasks summary", ", "));
  g_string_append (summary, part);
}

static void
read_positions (FerryTasksPage *self)
{
  g_clear_pointer (&self->positions, g_hash_table_unref);
  self->n_running = 0;
  if (self->queue != NULL)
    {
      self->positions = ferry_copy_queue_dup_positions (self->queue);
      self->n_running = ferry_copy_queue_get_n_in_flight (self->queue);
    }
}

static guint
place_of (FerryTasksPage *self,
          FerryCopyTask  *task)
{
  if (self->positions == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, ferry_copy_task_get_id (task)));
}

static void
update_rows (FerryTasksPage *self)
{
  read_positions (self);
  self->n_queued_cross = 0;
  g_ptr_array_set_size (self->in_flight_rows, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      FerryTaskRow *row;
      FerryCopyTask *task;
      FerryTaskState state;

      if (!FERRY_IS_TASK_ROW (child))
        continue;
      row = FERRY_TASK_ROW (child);
      task = ferry_task_row_get_task (row);
      ferry_task_row_set_place (row, place_of (self, task), self->n_running);
      state = ferry_copy_task_get_state (task);
      if (state == FERRY_TASK_STATE_QUEUED && ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION)
        self->n_queued_cross++;
      if (state == FERRY_TASK_STATE_SUBMITTING || state == FERRY_TASK_STATE_RUNNING ||
          state == FERRY_TASK_STATE_FINISHING)
        g_ptr_array_add (self->in_flight_rows, g_object_ref (row));
    }
}

static void
refresh (FerryTasksPage *self)
{
  guint n_items = self->queue != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;
  guint counts[FERRY_TASK_STATE_OUTCOME_UNKNOWN + 1] = { 0, };
  guint n_active, n_in_flight, n_finished, n_queued, n_done, n_failed, n_unknown;
  g_autoptr(GString) summary = g_string_new (NULL);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
      FerryTaskState state = ferry_copy_task_get_state (task);

      if (state <= FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        counts[state]++;
    }
  n_in_flight = counts[FERRY_TASK_STATE_SUBMITTING] + counts[FERRY_TASK_STATE_RUNNING] +
                counts[FERRY_TASK_STATE_FINISHING];
  n_active = n_in_flight + counts[FERRY_TASK_STATE_QUEUED];
  n_finished = counts[FERRY_TASK_STATE_DONE] + counts[FERRY_TASK_STATE_FAILED] +
               counts[FERRY_TASK_STATE_REMOVED];
  n_queued = counts[FERRY_TASK_STATE_QUEUED];
  n_done = counts[FERRY_TASK_STATE_DONE];
  n_failed = counts[FERRY_TASK_STATE_FAILED];
  n_unknown = counts[FERRY_TASK_STATE_OUTCOME_UNKNOWN];

  /* Translators: the parts of the tasks summary, "5 copying, 3 queued,
   * 2 done, 1 failed", each with the plural forms of your language. */
  if (n_in_flight > 0)
    {
      /* Translators: the parts of the tasks summary, "5 copying, 3 queued,
       * 2 done, 1 failed", each with the plural forms of your language. */
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL, "%u copying", "%u copying", n_in_flight),
                                               n_in_flight);
      append_part (summary, part);
    }
  if (n_queued > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL, "%u queued", "%u queued", n_queued),
                                               n_queued);
      append_part (summary, part);
    }
  if (n_done > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL, "%u done", "%u done", n_done),
                                               n_done);
      append_part (summary, part);
    }
  if (n_failed > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL, "%u failed", "%u failed", n_failed),
                                               n_failed);
      append_part (summary, part);
    }
  if (n_unknown > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL, "%u of unknown outcome",
                                                            "%u of unknown outcome", n_unknown),
                                               n_unknown);
      append_part (summary, part);
    }
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);
  gtk_label_set_label (self->summary_label, self->summary);

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? FERRY_TASKS_PAGE_LIST
                                                             : FERRY_TASKS_PAGE_EMPTY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.clear-finished", n_finished > 0);

  /* Places in line move when any task moves: every place in one pass
   * over the store, then each row is told its own. */
  self->n_in_flight = n_in_flight;
  update_rows (self);

  if (self->n_active != n_active)
    {
      self->n_active = n_active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);
    }
  update_tick (self);
}

static void
task_state_changed_cb (GtkWidget *row)
{
  GtkWidget *page = gtk_widget_get_ancestor (row, FERRY_TYPE_TASKS_PAGE);

  if (page != NULL)
    schedule_refresh (FERRY_TASKS_PAGE (page));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FerryTasksPage *self = user_data;
  GtkWidget *row = ferry_task_row_new (self->queue, item);
  guint place = place_of (self, item);

  /* Until the refresh this change scheduled: the place of the last
   * refresh, and a task added since then goes to the end of the line. */
  if (place == 0 && ferry_copy_task_get_state (item) == FERRY_TASK_STATE_QUEUED &&
      ferry_copy_task_get_kind (item) == FERRY_COPY_KIND_CROSS_REGION)
    place = ++self->n_queued_cross;
  ferry_task_row_set_place (FERRY_TASK_ROW (row), place, self->n_running);

  /* The row lives as long as the task is listed: the connection too. */
  g_signal_connect_object (item, "notify::state", G_CALLBACK (task_state_changed_cb), row,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
items_changed_cb (FerryTasksPage *self)
{
  schedule_refresh (self);
}

/* What ferryctl says about the task file, the page says too, until the
 * user dismisses it. */
static void
update_warning (FerryTasksPage *self)
{
  const char *warning = self->queue != NULL ? ferry_copy_queue_get_warning (self->queue) : NULL;
  gboolean shown = warning != NULL && g_strcmp0 (warning, self->dismissed_warning) != 0;

  if (warning != NULL)
    gtk_label_set_label (self->warning_label, warning);
  gtk_revealer_set_reveal_child (self->warning_revealer, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_revealer), shown);
}

void
ferry_tasks_page_set_queue (FerryTasksPage *self,
                            FerryCopyQueue *queue)
{
  g_return_if_fail (FERRY_IS_TASKS_PAGE (self));
  g_return_if_fail (queue == NULL || FERRY_IS_COPY_QUEUE (queue));

  if (self->queue == queue)
    return;

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  if (queue != NULL)
    {
      g_signal_connect_object (queue, "items-changed", G_CALLBACK (items_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "notify::warning", G_CALLBACK (update_warning), self,
                               G_CONNECT_SWAPPED);
      /* Each new row starts at its place. */
      read_positions (self);
      self->n_queued_cross = 0;
      gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (queue), create_row, self, NULL);
    }
  else
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  g_clear_pointer (&self->dismissed_warning, g_free);
  update_warning (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

guint
ferry_tasks_page_get_n_active (FerryTasksPage *self)
{
  g_return_val_if_fail (FERRY_IS_TASKS_PAGE (self), 0);

  /* Callers may ask between a change and the refresh it scheduled. */
  if (self->refresh_id != 0)
    refresh (self);
  return self->n_active;
}

const char *
ferry_tasks_page_get_state (FerryTasksPage *self)
{
  g_return_val_if_fail (FERRY_IS_TASKS_PAGE (self), NULL);

  if (self->refresh_id != 0)
    refresh (self);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
ferry_tasks_page_get_summary (FerryTasksPage *self)
{
  g_return_val_if_fail (FERRY_IS_TASKS_PAGE (self), NULL);

  if (self->refresh_id != 0)
    refresh (self);
  return self->summary;
}

FerryTaskRow *
ferry_tasks_page_get_row (FerryTasksPage *self,
                          const char     *task_id)
{
  g_return_val_if_fail (FERRY_IS_TASKS_PAGE (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  if (self->refresh_id != 0)
    refresh (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (FERRY_IS_TASK_ROW (child) &&
        g_strcmp0 (ferry_copy_task_get_id (ferry_task_row_get_task (FERRY_TASK_ROW (child))),
                   task_id) == 0)
      return FERRY_TASK_ROW (child);
  return NULL;
}

/* Actions */

static void
show_error (FerryTasksPage *self,
            const GError   *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* Every change waits for the list's lock without freezing the window. */
static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryTasksPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_copy_queue_change_finish (FERRY_COPY_QUEUE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error);
  schedule_refresh (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);

  if (self->queue == NULL)
    return;
  ferry_copy_queue_remove_async (self->queue, g_variant_get_string (parameter, NULL),
                                 self->cancellable, changed_cb, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);

  if (self->queue == NULL)
    return;
  ferry_copy_queue_retry_async (self->queue, g_variant_get_string (parameter, NULL),
                                self->cancellable, changed_cb, g_object_ref (self));
}

static void
look_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);

  if (self->queue == NULL)
    return;
  ferry_copy_queue_decide_async (self->queue, g_variant_get_string (parameter, NULL),
                                 FERRY_COPY_DECISION_LOOK_AGAIN,
                                 self->cancellable, changed_cb, g_object_ref (self));
}

static void
submit_again_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          FerryTasksPage   *self)
{
  const char *task_id = g_object_get_data (G_OBJECT (dialog), "ferry-task-id");

  if (g_strcmp0 (response, "submit") != 0 || self->queue == NULL)
    return;
  ferry_copy_queue_decide_async (self->queue, task_id, FERRY_COPY_DECISION_SUBMIT_AGAIN,
                                 self->cancellable, changed_cb, g_object_ref (self));
}

/* A second request may make a second, billed copy: asked first. */
static void
submit_again_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);
  const char *task_id = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  FerryCopyTask *task;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->queue == NULL || (task = ferry_copy_queue_lookup (self->queue, task_id)) == NULL)
    return;

  /* Translators: the body of the "Submit Again?" dialog: the new image's
   * name. */
  body = g_strdup_printf (_("If Huawei Cloud did carry out the first request, there will be two copies named “%s”, each billed, and neither can be cancelled. Submit again only if you are sure that the first request was not carried out, for instance after looking in the console."),
                          ferry_copy_task_get_name (task));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Submit the Copy Again?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "submit", _("_Submit Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ferry-task-id", g_strdup (task_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (submit_again_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_finished_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);

  if (self->queue == NULL)
    return;
  ferry_copy_queue_clear_finished_async (self->queue, self->cancellable, changed_cb,
                                         g_object_ref (self));
}

static void
dismiss_warning_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);

  g_free (self->dismissed_warning);
  self->dismissed_warning = self->queue != NULL ? g_strdup (ferry_copy_queue_get_warning (self->queue)) : NULL;
  update_warning (self);
}

/* GtkWidget */

static void
ferry_tasks_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ferry_tasks_page_parent_class)->map (widget);

  /* Times moved on while nobody looked. */
  tick_cb (FERRY_TASKS_PAGE (widget));
  update_tick (FERRY_TASKS_PAGE (widget));
}

static void
ferry_tasks_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ferry_tasks_page_parent_class)->unmap (widget);

  update_tick (FERRY_TASKS_PAGE (widget));
}

/* GObject */

static void
ferry_tasks_page_dispose (GObject *object)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_ptr_array_set_size (self->in_flight_rows, 0);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_TASKS_PAGE);

  G_OBJECT_CLASS (ferry_tasks_page_parent_class)->dispose (object);
}

static void
ferry_tasks_page_finalize (GObject *object)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (object);

  g_free (self->summary);
  g_free (self->dismissed_warning);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_ptr_array_unref (self->in_flight_rows);

  G_OBJECT_CLASS (ferry_tasks_page_parent_class)->finalize (object);
}

static void
ferry_tasks_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_N_ACTIVE:
      g_value_set_uint (value, self->n_active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_tasks_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      ferry_tasks_page_set_queue (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_tasks_page_class_init (FerryTasksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_tasks_page_dispose;
  object_class->finalize = ferry_tasks_page_finalize;
  object_class->get_property = ferry_tasks_page_get_property;
  object_class->set_property = ferry_tasks_page_set_property;

  widget_class->map = ferry_tasks_page_map;
  widget_class->unmap = ferry_tasks_page_unmap;

  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, FERRY_TYPE_COPY_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ACTIVE] =
    g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ferry-tasks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, warning_label);

  gtk_widget_class_install_action (widget_class, "tasks.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "tasks.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "tasks.look-again", "s", look_again_action);
  gtk_widget_class_install_action (widget_class, "tasks.submit-again", "s", submit_again_action);
  gtk_widget_class_install_action (widget_class, "tasks.dismiss-warning", NULL, dismiss_warning_action);
  gtk_widget_class_install_action (widget_class, "tasks.clear-finished", NULL, clear_finished_action);
}

static void
ferry_tasks_page_init (FerryTasksPage *self)
{
  self->in_flight_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_warning (self);
  refresh (self);
}
