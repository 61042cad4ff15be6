/* ferry-account-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-account-window.h"
#include "ferry-client.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-region-catalogue.h"
#include "ferry-text.h"

#define DEFAULT_HOME_REGION "cn-north-4"
/* Someone is waiting for an answer: give up on an unreachable service
 * sooner than the background loads do. */
#define CHECK_RETRY_BUDGET_SECONDS 5
#define CHECK_TIMEOUT_SECONDS      20

struct _FerryAccountWindow
{
  AdwWindow             parent_instance;

  FerryAccountStore    *store;
  /* $FERRY_ENDPOINT, passed down from main(), or NULL. */
  char                 *default_endpoint;
  FerryRegionCatalogue *catalogue;
  GCancellable         *cancellable;
  gboolean              busy;

  /* What the check accepted, stored once it succeeds. */
  FerryCredentials     *credentials;
  char                 *region;
  char                 *endpoint;

  /* Template children */
  GtkStack             *connect_stack;
  GtkWidget            *connect_button;
  GtkWidget            *form;
  GtkWidget            *error_group;
  GtkLabel             *error_label;
  AdwEntryRow          *name_row;
  AdwEntryRow          *access_key_row;
  AdwPasswordEntryRow  *secret_key_row;
  AdwComboRow          *region_row;
  AdwExpanderRow       *advanced_row;
  AdwEntryRow          *endpoint_row;
  AdwPasswordEntryRow  *token_row;
};

G_DEFINE_FINAL_TYPE (FerryAccountWindow, ferry_account_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ferry_account_window_new (GtkWindow         *parent,
                          FerryAccountStore *store,
                          const char        *endpoint)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (store), NULL);

  return g_object_new (FERRY_TYPE_ACCOUNT_WINDOW,
                       "transient-for", parent,
                       "store", store,
                       "endpoint", endpoint,
                       NULL);
}

const char *
ferry_account_window_get_error_message (FerryAccountWindow *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (self->error_group))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
ferry_account_window_get_busy (FerryAccountWindow *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT_WINDOW (self), FALSE);

  return self->busy;
}

/* The text of an entry without the blanks a copy and paste brings along,
 * or NULL when nothing is left. */
static char *
dup_entry_text (gpointer editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
update_connect_action (FerryAccountWindow *self)
{
  g_autofree char *access_key = dup_entry_text (self->access_key_row);
  g_autofree char *secret_key = dup_entry_text (self->secret_key_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.connect",
                                 !self->busy && access_key != NULL && secret_key != NULL);
}

static void
entry_changed_cb (FerryAccountWindow *self)
{
  /* Templates may set text before their children are bound. */
  if (self->access_key_row == NULL || self->secret_key_row == NULL)
    return;
  update_connect_action (self);
}

static void
set_busy (FerryAccountWindow *self,
          gboolean            busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_stack_set_visible_child_name (self->connect_stack, busy ? "spinner" : "button");
  update_connect_action (self);
}

static void
show_error (FerryAccountWindow *self,
            const GError       *error)
{
  g_autofree char *message = ferry_text_format_error (error);

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_group, TRUE);

  set_busy (self, FALSE);
  g_clear_object (&self->cancellable);

  /* Back to where the fix is most likely needed. */
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_CREDENTIALS))
    gtk_widget_grab_focus (GTK_WIDGET (self->secret_key_row));
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT))
    {
      adw_expander_row_set_expanded (self->advanced_row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->endpoint_row));
    }
}

static void
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FerryAccountWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  id = ferry_account_store_add_finish (FERRY_ACCOUNT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      show_error (self, error);
      return;
    }

  /* The window follows the active account. */
  ferry_account_store_set_active_id (self->store, id);

  name = ferry_account_store_dup_name (self->store, id);
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, id, name);

  set_busy (self, FALSE);
  gtk_window_close (GTK_WINDOW (self));
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryAccountWindow) self = user_data;
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  account = ferry_iam_discover_account_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (account == NULL)
    {
      show_error (self, error);
      return;
    }

  /* Nothing was stored until now; the keyring comes first. */
  name = dup_entry_text (self->name_row);
  if (name == NULL)
    name = g_strdup (ferry_account_get_domain_name (account));
  if (name == NULL)
    name = ferry_credentials_dup_masked_access_key (self->credentials);
  ferry_account_store_add_async (self->store, name, self->region, self->endpoint,
                                 self->credentials, self->cancellable, add_cb, g_object_ref (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (widget);
  g_autofree char *access_key = dup_entry_text (self->access_key_row);
  g_autofree char *secret_key = dup_entry_text (self->secret_key_row);
  g_autofree char *token = dup_entry_text (self->token_row);
  g_autofree char *check_endpoint = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(GError) error = NULL;
  FerryRegion *region;

  if (self->busy || access_key == NULL || secret_key == NULL)
    return;

  gtk_widget_set_visible (self->error_group, FALSE);

  region = adw_combo_row_get_selected_item (self->region_row);
  g_free (self->region);
  self->region = g_strdup (region != NULL ? ferry_region_get_id (region) : DEFAULT_HOME_REGION);
  g_free (self->endpoint);
  self->endpoint = dup_entry_text (self->endpoint_row);
  g_clear_object (&self->credentials);
  self->credentials = ferry_credentials_new (access_key, secret_key, token);

  /* Checked where the account will be used: its own template, else as the
   * window would connect ($FERRY_ENDPOINT, the setting, the default). */
  if (self->endpoint != NULL)
    check_endpoint = g_strdup (self->endpoint);
  else if (self->default_endpoint != NULL)
    check_endpoint = g_strdup (self->default_endpoint);
  else
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

      check_endpoint = g_settings_get_string (settings, "endpoint");
      if (*check_endpoint == '\0')
        g_clear_pointer (&check_endpoint, g_free);
    }

  client = ferry_client_new (self->credentials, check_endpoint, self->catalogue, &error);
  if (client == NULL)
    {
      show_error (self, error);
      return;
    }
  ferry_client_set_timeout (client, CHECK_TIMEOUT_SECONDS);
  ferry_client_set_retry_budget (client, CHECK_RETRY_BUDGET_SECONDS);

  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ferry_iam_discover_account_async (client, self->region, self->cancellable,
                                    discover_cb, g_object_ref (self));
}

static void
entry_activated_cb (FerryAccountWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "account.connect", NULL);
}

/* GObject */

static void
ferry_account_window_constructed (GObject *object)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkExpression) expression = NULL;
  GListModel *regions;

  G_OBJECT_CLASS (ferry_account_window_parent_class)->constructed (object);

  /* The home region: every region Ferry knows, by its name in the
   * interface's language. */
  self->catalogue = ferry_region_catalogue_new_default (&error);
  if (self->catalogue == NULL)
    g_error ("the region catalogue is part of the program: %s", error->message);
  regions = G_LIST_MODEL (self->catalogue);
  expression = gtk_property_expression_new (FERRY_TYPE_REGION, NULL, "name");
  adw_combo_row_set_expression (self->region_row, expression);
  adw_combo_row_set_model (self->region_row, regions);
  for (guint i = 0; i < g_list_model_get_n_items (regions); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (regions, i);

      if (g_strcmp0 (ferry_region_get_id (region), DEFAULT_HOME_REGION) == 0)
        adw_combo_row_set_selected (self->region_row, i);
    }

  update_connect_action (self);
}

static void
ferry_account_window_dispose (GObject *object)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_ACCOUNT_WINDOW);
  g_clear_object (&self->credentials);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ferry_account_window_parent_class)->dispose (object);
}

static void
ferry_account_window_finalize (GObject *object)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (object);

  g_free (self->region);
  g_free (self->endpoint);
  g_free (self->default_endpoint);

  G_OBJECT_CLASS (ferry_account_window_parent_class)->finalize (object);
}

static void
ferry_account_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->default_endpoint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_account_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ENDPOINT:
      self->default_endpoint = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Typing goes to the first field at once; the window would otherwise
 * focus the first thing it finds, Cancel in the header bar. */
static void
ferry_account_window_map (GtkWidget *widget)
{
  FerryAccountWindow *self = FERRY_ACCOUNT_WINDOW (widget);

  GTK_WIDGET_CLASS (ferry_account_window_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
ferry_account_window_class_init (FerryAccountWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ferry_account_window_constructed;
  object_class->dispose = ferry_account_window_dispose;
  object_class->finalize = ferry_account_window_finalize;
  object_class->get_property = ferry_account_window_get_property;
  object_class->set_property = ferry_account_window_set_property;

  widget_class->map = ferry_account_window_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FERRY_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ferry-account-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, form);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, error_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAccountWindow, token_row);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "account.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ferry_account_window_init (FerryAccountWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ferry_a11y_name_peek_button (self->secret_key_row);
  ferry_a11y_name_peek_button (self->token_row);
  ferry_a11y_name_list_by_row (GTK_WIDGET (self->advanced_row));
  ferry_a11y_name_expander_lists (self->advanced_row);
}
