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
  /* As of the last refresh: the places in line (task id → place) and
   * the copies in flight. */
  GHashTable      *positions;
  guint            n_running;

  /* The queue's tasks in the order of ferry_copy_task_compare_for_list(),
   * shown by the list view, which builds rows only for what is on screen
   * (and a few around it). The sorter is told when a task's state
   * changes: every task's "notify::state" is followed (task → handler
   * id), the rows only follow the tasks they show. */
  GtkCustomSorter *sorter;
  GtkSortListModel *sorted;
  GHashTable      *watched;
  gboolean         order_changed;
  /* The rows bound to a task now: the clock ticks for these only. */
  GHashTable      *bound_rows;
  /* The row the focus was last in (weak), where Tab comes back in. */
  GtkWidget       *focus_row;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkScrolledWindow *scrolled;
  GtkListView     *list_view;
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
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    ferry_task_row_tick (row);
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
  GHashTableIter iter;
  gpointer row;

  read_positions (self);
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    ferry_task_row_set_place (row, place_of (self, ferry_task_row_get_task (row)), self->n_running);
}

static void
refresh (FerryTasksPage *self)
{
  guint n_items = self->queue != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;
  guint counts[FERRY_TASK_STATE_OUTCOME_UNKNOWN + 1] = { 0, };
  guint n_active, n_in_flight, n_finished, n_queued, n_done, n_failed, n_unknown;
  g_autoptr(GString) summary = g_string_new (NULL);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  /* A task changed its state: it may belong elsewhere in the list. The
   * list view keeps the rows of the tasks that stay, and its scroll
   * position follows the task at its top. */
  if (self->order_changed)
    {
      self->order_changed = FALSE;
      gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
    }

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
task_state_changed_cb (FerryTasksPage *self)
{
  self->order_changed = TRUE;
  schedule_refresh (self);
}

static void
unwatch_task (gpointer key,
              gpointer value,
              gpointer user_data)
{
  g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
}

static void
unwatch_all (FerryTasksPage *self)
{
  g_hash_table_foreach (self->watched, unwatch_task, NULL);
  g_hash_table_remove_all (self->watched);
}

/* Follows the state of every task listed: a task that is not on screen
 * moves too when it starts or ends. */
static void
watch_tasks (FerryTasksPage *self,
             guint           position,
             guint           removed,
             guint           added)
{
  GListModel *model = G_LIST_MODEL (self->queue);

  if (removed > 0)
    {
      g_autoptr(GHashTable) listed = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      gpointer task, handler;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, i);

          g_hash_table_add (listed, item);
        }
      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &task, &handler))
        if (!g_hash_table_contains (listed, task))
          {
            g_signal_handler_disconnect (task, GPOINTER_TO_SIZE (handler));
            g_hash_table_iter_remove (&iter);
          }
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (!g_hash_table_contains (self->watched, task))
        g_hash_table_insert (self->watched, g_object_ref (task),
                             GSIZE_TO_POINTER (g_signal_connect_swapped (task, "notify::state",
                                                                         G_CALLBACK (task_state_changed_cb),
                                                                         self)));
    }
}

static void
items_changed_cb (FerryTasksPage *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  watch_tasks (self, position, removed, added);
  schedule_refresh (self);
}

static int
compare_tasks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return ferry_copy_task_compare_for_list ((FerryCopyTask *) a, (FerryCopyTask *) b);
}

/* The rows: one template, given a task when it comes on screen. */

static void
row_focus_enter_cb (GtkEventControllerFocus *controller,
                    FerryTasksPage          *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (self->focus_row != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->focus_row), (gpointer *) &self->focus_row);
  self->focus_row = row;
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &self->focus_row);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FerryTasksPage           *self)
{
  GtkWidget *row = ferry_task_row_new (self->queue);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "enter", G_CALLBACK (row_focus_enter_cb), self, 0);
  gtk_widget_add_controller (row, focus);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             FerryTasksPage           *self)
{
  FerryTaskRow *row = FERRY_TASK_ROW (gtk_list_item_get_child (item));
  FerryCopyTask *task = gtk_list_item_get_item (item);

  ferry_task_row_bind (row, task);
  ferry_task_row_set_place (row, place_of (self, task), self->n_running);
  g_hash_table_add (self->bound_rows, row);
  /* Queued since the last refresh: its place comes with the next one. */
  if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED && place_of (self, task) == 0)
    schedule_refresh (self);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FerryTasksPage           *self)
{
  FerryTaskRow *row = FERRY_TASK_ROW (gtk_list_item_get_child (item));

  g_hash_table_remove (self->bound_rows, row);
  ferry_task_row_unbind (row);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 FerryTasksPage           *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL)
    g_hash_table_remove (self->bound_rows, row);
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

static void
set_model (FerryTasksPage *self,
           GListModel     *model)
{
  GtkListItemFactory *factory = NULL;
  GtkSelectionModel *selection = NULL;

  if (model != NULL)
    {
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
      g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row_cb), self);
      selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (model)));
    }
  /* The rows go with the old model (each unbinds), before the new
   * factory makes rows for the new queue. */
  gtk_list_view_set_model (self->list_view, NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);
  g_clear_object (&factory);
  g_clear_object (&selection);
}

void
ferry_tasks_page_set_queue (FerryTasksPage *self,
                            FerryCopyQueue *queue)
{
  g_return_if_fail (FERRY_IS_TASKS_PAGE (self));
  g_return_if_fail (queue == NULL || FERRY_IS_COPY_QUEUE (queue));

  if (self->queue == queue)
    return;

  set_model (self, NULL);
  unwatch_all (self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->sorted);
  g_set_object (&self->queue, queue);
  if (queue != NULL)
    {
      g_signal_connect_object (queue, "items-changed", G_CALLBACK (items_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "notify::warning", G_CALLBACK (update_warning), self,
                               G_CONNECT_SWAPPED);
      watch_tasks (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (queue)));
      /* Each new row starts at its place. */
      read_positions (self);
      self->order_changed = FALSE;
      self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (queue)),
                                              g_object_ref (GTK_SORTER (self->sorter)));
      set_model (self, G_LIST_MODEL (self->sorted));
    }

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

static FerryTaskRow *
bound_row (FerryTasksPage *self,
           const char     *task_id)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (g_strcmp0 (ferry_copy_task_get_id (ferry_task_row_get_task (row)), task_id) == 0)
      return row;
  return NULL;
}

/* The place of the task in the list, or G_MAXUINT. */
static guint
list_position (FerryTasksPage *self,
               const char     *task_id)
{
  GListModel *model = G_LIST_MODEL (self->sorted);

  if (model == NULL)
    return G_MAXUINT;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (g_strcmp0 (ferry_copy_task_get_id (task), task_id) == 0)
        return i;
    }
  return G_MAXUINT;
}

FerryTaskRow *
ferry_tasks_page_get_row (FerryTasksPage *self,
                          const char     *task_id)
{
  FerryTaskRow *row;
  guint position;

  g_return_val_if_fail (FERRY_IS_TASKS_PAGE (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  if (self->refresh_id != 0)
    refresh (self);
  if ((row = bound_row (self, task_id)) != NULL)
    return row;
  /* Off screen, the task has no row: brought into view, it has one. */
  position = list_position (self, task_id);
  if (position == G_MAXUINT)
    return NULL;
  ferry_tasks_page_scroll_to (self, task_id);
  return bound_row (self, task_id);
}

gboolean
ferry_tasks_page_scroll_to (FerryTasksPage *self,
                            const char     *task_id)
{
  guint position;

  g_return_val_if_fail (FERRY_IS_TASKS_PAGE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  if (self->refresh_id != 0)
    refresh (self);
  position = list_position (self, task_id);
  if (position == G_MAXUINT)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
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

/* A removal is saved at once, so that the task cannot go out while the
 * toast shows; Undo puts it back (ferry_copy_queue_restore(): the same
 * task at its place in line and in the task file). When Ferry quits while
 * the toast shows, the removal stands: it was what the user asked for,
 * and the task stays in the file, marked removed, until Clear Finished. */
typedef struct
{
  FerryTasksPage *self;
  char           *task_id;
} Removal;

static void
removal_free (Removal *removal)
{
  g_object_unref (removal->self);
  g_free (removal->task_id);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  FerryTasksPage *self = removal->self;
  const char *task_id = removal->task_id;
  g_autoptr(GError) error = NULL;
  FerryCopyTask *task;
  g_autofree char *title = NULL;
  AdwToast *toast;

  schedule_refresh (self);
  if (!ferry_copy_queue_change_finish (FERRY_COPY_QUEUE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  task = ferry_task_store_lookup (ferry_copy_queue_get_store (FERRY_COPY_QUEUE (object)), task_id);
  /* Translators: a toast after Remove, with Undo: the new image's name. */
  title = g_strdup_printf (_("“%s” taken off the queue"),
                           task != NULL ? ferry_copy_task_get_name (task) : task_id);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "tasks.undo-remove");
  adw_toast_set_action_target_value (toast, g_variant_new_string (task_id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);
  Removal *removal;

  if (self->queue == NULL)
    return;
  removal = g_new0 (Removal, 1);
  removal->self = g_object_ref (self);
  removal->task_id = g_strdup (g_variant_get_string (parameter, NULL));
  ferry_copy_queue_remove_async (self->queue, removal->task_id, self->cancellable, removed_cb,
                                 removal);
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);

  if (self->queue == NULL)
    return;
  ferry_copy_queue_restore_async (self->queue, g_variant_get_string (parameter, NULL),
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

/* Keyboard. GTK 4.8's list view moves Tab from item to item, entering
 * at the item it remembers: rows with buttons then make the Tab order
 * depend on where the focus was, and differ between Tab and Shift+Tab.
 * As in any list view, Up and Down move between the rows; Tab goes
 * through the row that has the focus (the row, then its buttons) and
 * leaves the list, and Shift+Tab comes back in the same way, reversed. */

static void
collect_stops (GtkWidget *widget,
               GPtrArray *stops)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return;
  if (gtk_widget_get_focusable (widget))
    g_ptr_array_add (stops, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_stops (child, stops);
}

/* Where Tab comes into the list: the row last focused, if it is still
 * shown, else the first row in view. */
static GtkWidget *
entry_row (FerryTasksPage *self)
{
  GtkWidget *best = NULL;
  double best_y = G_MAXDOUBLE;
  GHashTableIter iter;
  gpointer row;

  if (self->focus_row != NULL && g_hash_table_contains (self->bound_rows, self->focus_row) &&
      gtk_widget_get_mapped (self->focus_row))
    return self->focus_row;
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      graphene_point_t point;

      if (!gtk_widget_get_mapped (row) ||
          !gtk_widget_compute_point (row, GTK_WIDGET (self->scrolled), &GRAPHENE_POINT_INIT (0, 0), &point) ||
          point.y < -1.0)
        continue;
      if (point.y < best_y)
        {
          best_y = point.y;
          best = row;
        }
    }
  return best;
}

static gboolean
enter_row (GtkWidget        *row,
           GtkDirectionType  direction)
{
  g_autoptr(GPtrArray) stops = g_ptr_array_new ();

  if (row == NULL)
    return FALSE;
  collect_stops (row, stops);
  if (stops->len == 0)
    return FALSE;
  return gtk_widget_grab_focus (g_ptr_array_index (stops, direction == GTK_DIR_TAB_FORWARD ? 0 : stops->len - 1));
}

static gboolean
ferry_tasks_page_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  FerryTasksPage *self = FERRY_TASKS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *list = GTK_WIDGET (self->list_view);
  GtkWidget *header = gtk_widget_get_prev_sibling (GTK_WIDGET (self->scrolled));
  gboolean in_page = focus != NULL && gtk_widget_is_ancestor (focus, widget);
  gboolean in_list = focus != NULL && gtk_widget_is_ancestor (focus, list);

  if ((direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD) ||
      !gtk_widget_get_mapped (list))
    return GTK_WIDGET_CLASS (ferry_tasks_page_parent_class)->focus (widget, direction);

  if (in_list)
    {
      GtkWidget *row = FERRY_IS_TASK_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, FERRY_TYPE_TASK_ROW);
      g_autoptr(GPtrArray) stops = g_ptr_array_new ();
      guint index;

      if (row != NULL)
        collect_stops (row, stops);
      if (row != NULL && g_ptr_array_find (stops, focus, &index))
        {
          if (direction == GTK_DIR_TAB_FORWARD && index + 1 < stops->len)
            return gtk_widget_grab_focus (g_ptr_array_index (stops, index + 1));
          if (direction == GTK_DIR_TAB_BACKWARD && index > 0)
            return gtk_widget_grab_focus (g_ptr_array_index (stops, index - 1));
        }
      /* Out of the list: it is the last thing on the page. */
      if (direction == GTK_DIR_TAB_FORWARD)
        return FALSE;
      return header != NULL && gtk_widget_child_focus (header, direction);
    }

  if (direction == GTK_DIR_TAB_FORWARD)
    {
      if (GTK_WIDGET_CLASS (ferry_tasks_page_parent_class)->focus (widget, direction))
        {
          GtkWidget *now = gtk_root_get_focus (root);

          /* The default went into the list: to the row Tab comes back to. */
          if (now != NULL && gtk_widget_is_ancestor (now, list))
            return enter_row (entry_row (self), direction) || TRUE;
          return TRUE;
        }
      return FALSE;
    }

  /* Shift+Tab from outside the page comes into the list from its end. */
  if (!in_page && enter_row (entry_row (self), direction))
    return TRUE;
  return GTK_WIDGET_CLASS (ferry_tasks_page_parent_class)->focus (widget, direction);
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
  /* The rows unbind (each lets its task go) before the template goes. */
  if (self->list_view != NULL)
    set_model (self, NULL);
  g_hash_table_remove_all (self->bound_rows);
  if (self->focus_row != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->focus_row), (gpointer *) &self->focus_row);
  self->focus_row = NULL;
  unwatch_all (self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->sorted);
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
  g_clear_object (&self->sorter);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_hash_table_unref (self->bound_rows);
  g_hash_table_unref (self->watched);

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
  widget_class->focus = ferry_tasks_page_focus;
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
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryTasksPage, warning_label);

  gtk_widget_class_install_action (widget_class, "tasks.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "tasks.undo-remove", "s", undo_remove_action);
  gtk_widget_class_install_action (widget_class, "tasks.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "tasks.look-again", "s", look_again_action);
  gtk_widget_class_install_action (widget_class, "tasks.submit-again", "s", submit_again_action);
  gtk_widget_class_install_action (widget_class, "tasks.dismiss-warning", NULL, dismiss_warning_action);
  gtk_widget_class_install_action (widget_class, "tasks.clear-finished", NULL, clear_finished_action);
}

static void
ferry_tasks_page_init (FerryTasksPage *self)
{
  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->sorter = gtk_custom_sorter_new (compare_tasks, NULL, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_warning (self);
  refresh (self);
}
