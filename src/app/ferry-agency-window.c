/* ferry-agency-window.c: the window composes its four pages (list, form,
 * check, progress, each a widget of its own) and owns what they share:
 * the account's agencies, loaded here, the setup that runs here, and the
 * agency.* actions their buttons activate.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-window.h"
#include "ferry-agency-window-private.h"
#include "ferry-a11y.h"
#include "ferry-agency-check-page.h"
#include "ferry-agency-form-page.h"
#include "ferry-agency-list-page.h"
#include "ferry-agency-progress-page.h"
#include "ferry-agency-regions.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-text.h"

/* IAM is global: any regional endpoint answers for the whole account. */
#define IAM_REGION   "cn-north-4"

struct _FerryAgencyWindow
{
  AdwWindow          parent_instance;

  FerryClient       *client;
  FerryAccount      *account;
  GStrv              required;       /* regions the copy needs, locked on */
  char              *open_agency;    /* opened for this agency */
  GCancellable      *cancellable;    /* cancelled once the window is gone */

  GListModel        *agencies;       /* FerryAgency, once loaded */
  FerryAgencySetup  *setup;
  gboolean           loading;
  char              *load_error;     /* why the agencies could not be loaded */
  gboolean           list_shown;     /* the list was shown: back leads there */

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button;
  GtkWidget         *create_button;
  GtkStack          *stack;
  FerryAgencyListPage     *list_page;
  FerryAgencyFormPage     *form_page;
  FerryAgencyProgressPage *progress_page;
  FerryAgencyCheckPage    *check_page;
};

G_DEFINE_FINAL_TYPE (FerryAgencyWindow, ferry_agency_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  AGENCY_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_state (FerryAgencyWindow *self);

/* Whether the window is gone (destroyed, maybe not yet disposed): late
 * callbacks then do nothing. */
static gboolean
is_gone (FerryAgencyWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable) || self->client == NULL;
}

static const char *
visible_page (FerryAgencyWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  return name != NULL ? name : "";
}

static void
show_page (FerryAgencyWindow *self,
           const char        *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  update_state (self);
}

/* State */

static gboolean
is_busy (FerryAgencyWindow *self)
{
  return self->loading || ferry_agency_check_page_get_checking (self->check_page) ||
         (self->setup != NULL && ferry_agency_setup_get_running (self->setup));
}

static void
update_state (FerryAgencyWindow *self)
{
  const char *page = visible_page (self);
  gboolean busy = is_busy (self);
  gboolean running = self->setup != NULL && ferry_agency_setup_get_running (self->setup);
  /* A create may have gone through: nothing but Retry, which finds it. */
  gboolean unknown = self->setup != NULL && ferry_agency_setup_get_create_unknown (self->setup) &&
                     g_strcmp0 (page, "progress") == 0;
  FerryAgency *agency = ferry_agency_check_page_get_agency (self->check_page);
  g_auto(GStrv) missing = NULL;
  g_autofree char *problem = NULL;
  gboolean shown = FALSE;

  /* Signals of the template while it is built come before the session. */
  if (self->client == NULL)
    return;

  gtk_widget_set_visible (self->back_button,
                          (self->required == NULL || self->list_shown) &&
                          g_strcmp0 (page, "list") != 0 && !running && !unknown);
  gtk_widget_set_visible (self->create_button, g_strcmp0 (page, "form") == 0);

  problem = ferry_agency_form_page_dup_problem (self->form_page, &shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.create", problem == NULL && !busy);
  gtk_widget_set_tooltip_text (self->create_button, problem);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.reload", !self->loading);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.retry",
                                 self->setup != NULL && !running &&
                                 !ferry_agency_setup_get_complete (self->setup));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.done", !running && !unknown);

  missing = ferry_agency_check_page_dup_missing (self->check_page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.grant-missing",
                                 missing[0] != NULL && !busy && agency != NULL &&
                                 ferry_agency_trusts_ims (agency));

  if (g_strcmp0 (page, "form") == 0)
    adw_window_title_set_title (self->window_title, _("New IMS Agency"));
  else if (g_strcmp0 (page, "list") == 0)
    adw_window_title_set_title (self->window_title, _("IMS Agencies"));
  else if (self->setup != NULL && g_strcmp0 (page, "progress") == 0)
    adw_window_title_set_title (self->window_title, ferry_agency_setup_get_name (self->setup));
  else if (agency != NULL)
    adw_window_title_set_title (self->window_title, ferry_agency_get_name (agency));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
page_changed_cb (FerryAgencyWindow *self)
{
  update_state (self);
}

/* The list of agencies */

static void load_agencies (FerryAgencyWindow *self);

static void
open_check (FerryAgencyWindow *self,
            FerryAgency       *agency)
{
  ferry_agency_check_page_open (self->check_page, agency);
  show_page (self, "check");
}

static void
agencies_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FerryAgencyWindow) self = user_data;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  agencies = ferry_iam_list_agencies_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
    return;
  self->loading = FALSE;
  if (agencies == NULL)
    {
      g_free (self->load_error);
      self->load_error = ferry_text_format_error (error);
      ferry_agency_list_page_set_error (self->list_page, self->load_error);
      ferry_agency_form_page_set_load_error (self->form_page, self->load_error);
      if (self->open_agency != NULL)
        {
          ferry_agency_check_page_show_problem (self->check_page, _("The agencies could not be loaded"),
                                                self->load_error, FALSE);
          show_page (self, "check");
        }
      update_state (self);
      return;
    }
  g_clear_pointer (&self->load_error, g_free);
  g_set_object (&self->agencies, agencies);
  ferry_agency_list_page_set_agencies (self->list_page, agencies);
  ferry_agency_form_page_set_load_error (self->form_page, NULL);
  ferry_agency_form_page_set_agencies (self->form_page, agencies);

  if (self->open_agency != NULL)
    {
      FerryAgency *agency = ferry_agency_lookup (self->agencies, self->open_agency);
      g_autofree char *name = g_steal_pointer (&self->open_agency);

      if (agency != NULL)
        open_check (self, agency);
      else
        {
          g_autofree char *title = NULL;

          /* Translators: an agency's name. */
          title = g_strdup_printf (_("No agency named “%s”"), name);
          /* Create it offers the name it was looked for by. */
          ferry_agency_form_page_set_name (self->form_page, name);
          ferry_agency_check_page_show_problem (self->check_page, title,
                                                _("The account has no agency of this name: it may have been deleted. Create it for IMS, or choose another agency."),
                                                TRUE);
          show_page (self, "check");
        }
    }
  update_state (self);
}

static void
load_agencies (FerryAgencyWindow *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  g_clear_pointer (&self->load_error, g_free);
  ferry_agency_form_page_set_load_error (self->form_page, NULL);
  ferry_iam_list_agencies_async (self->client, IAM_REGION, NULL, self->cancellable,
                                 agencies_loaded_cb, g_object_ref (self));
  update_state (self);
}

/* The steps */

static void
step_changed_cb (FerryAgencySetup  *setup,
                 guint              index,
                 FerryAgencyWindow *self)
{
  if (is_gone (self))
    return;
  update_state (self);
}

static void
setup_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryAgencyWindow) self = user_data;
  FerryAgencySetup *setup = FERRY_AGENCY_SETUP (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (ferry_agency_setup_get_name (setup));

  if ((!ferry_agency_setup_run_finish (setup, result, &error) &&
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      is_gone (self) || setup != self->setup)
    return;

  ferry_agency_progress_page_show_outcome (self->progress_page, error);
  update_state (self);
  if (error != NULL)
    return;

  g_signal_emit (self, signals[AGENCY_READY], 0, name);
  /* For the copy dialog, which has the agency chosen now: the page
   * stays on what was done, every step ticked, until Close (it
   * closed at once, leaving no word of the grants). */
  if (self->required != NULL)
    {
      ferry_agency_progress_page_focus_done (self->progress_page);
      return;
    }
  /* From the menu: show it, with its grants, among the others. */
  g_free (self->open_agency);
  self->open_agency = g_strdup (name);
  load_agencies (self);
}

static void
start_setup (FerryAgencyWindow *self,
             FerryAgencySetup  *setup,
             const char        *heading)
{
  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  g_set_object (&self->setup, setup);
  ferry_agency_progress_page_set_setup (self->progress_page, setup, heading);
  g_signal_connect_object (setup, "step-changed", G_CALLBACK (step_changed_cb), self, 0);
  show_page (self, "progress");
  ferry_agency_setup_run_async (setup, self->cancellable, setup_done_cb, g_object_ref (self));
  update_state (self);
}

/* Actions */

/* The form, with the agencies loaded again: one made since they were
 * loaded (by a create whose answer was lost, say) must count as taken. */
static void
show_form (FerryAgencyWindow *self)
{
  show_page (self, "form");
  load_agencies (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (is_busy (self) && !self->loading)
    return;
  show_form (self);
  ferry_agency_form_page_focus_name (self->form_page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (self->setup != NULL && ferry_agency_setup_get_running (self->setup))
    return;
  self->list_shown = TRUE;
  ferry_agency_form_page_set_way_back (self->form_page, TRUE);
  g_clear_pointer (&self->open_agency, g_free);
  show_page (self, "list");
  load_agencies (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load_agencies (FERRY_AGENCY_WINDOW (widget));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_auto(GStrv) regions = ferry_agency_form_page_dup_regions (self->form_page);
  g_autofree char *heading = NULL;
  const char *name = ferry_agency_form_page_get_name (self->form_page);
  gboolean shown;
  g_autofree char *problem = ferry_agency_form_page_dup_problem (self->form_page, &shown);

  if (problem != NULL || is_busy (self))
    return;

  /* Never a second create of a name whose first one may have gone
   * through: carry on with that setup, which looks it up first. */
  if (self->setup != NULL && ferry_agency_setup_get_create_unknown (self->setup) &&
      g_strcmp0 (ferry_agency_setup_get_name (self->setup), name) == 0)
    {
      show_page (self, "progress");
      gtk_widget_activate_action (widget, "agency.retry", NULL);
      return;
    }

  setup = ferry_agency_setup_new (self->client, self->account, name,
                                  ferry_agency_form_page_get_duration (self->form_page),
                                  ferry_agency_form_page_get_description (self->form_page),
                                  (const char * const *) regions);
  /* Translators: the agency's name. */
  heading = g_strdup_printf (_("Creating “%s”"), name);
  start_setup (self, setup, heading);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (self->setup == NULL || ferry_agency_setup_get_running (self->setup))
    return;
  ferry_agency_progress_page_clear_outcome (self->progress_page);
  ferry_agency_setup_run_async (self->setup, self->cancellable, setup_done_cb, g_object_ref (self));
  update_state (self);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (self->setup != NULL && ferry_agency_setup_get_create_unknown (self->setup))
    return;  /* only Retry: it may exist */
  if (self->setup != NULL && ferry_agency_setup_get_agency (self->setup) == NULL)
    show_form (self);  /* nothing was created: mend the form */
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);
  FerryAgency *agency = ferry_agency_lookup (self->agencies, g_variant_get_string (parameter, NULL));

  if (agency != NULL && !is_busy (self))
    open_check (self, agency);
}

static void
grant_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   FerryAgencyWindow *self)
{
  FerryAgency *agency = ferry_agency_check_page_get_agency (self->check_page);
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *heading = NULL;

  if (g_strcmp0 (response, "grant") != 0 || is_gone (self) || agency == NULL ||
      is_busy (self))
    return;

  missing = ferry_agency_check_page_dup_missing (self->check_page);
  setup = ferry_agency_setup_new_for_agency (self->client, self->account, agency,
                                             (const char * const *) missing);
  /* Translators: the agency's name. */
  heading = g_strdup_printf (_("Granting IMS Administrator to “%s”"), ferry_agency_get_name (agency));
  start_setup (self, setup, heading);
}

static void
grant_missing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);
  FerryAgency *agency = ferry_agency_check_page_get_agency (self->check_page);
  g_auto(GStrv) missing = ferry_agency_check_page_dup_missing (self->check_page);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; missing[i] != NULL; i++)
    {
      g_autofree char *line = ferry_agency_scope_dup_project_line (self->client, self->account,
                                                                   missing[i]);

      g_string_append_printf (lines, "\n• %s", line);
    }
  if (lines->len == 0 || agency == NULL)
    return;

  /* Translators: the agency's name, then one line per project. */
  body = g_strdup_printf (_("IMS Administrator will be granted to “%s” on these projects, and nothing else will change:\n%s"),
                          ferry_agency_get_name (agency), lines->str);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Grant Missing Permissions?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "grant", _("_Grant"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "grant",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "grant");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (grant_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

/* Public */

static FerryAgencyWindow *
agency_window_new (GtkWindow          *parent,
                   FerryClient        *client,
                   FerryAccount       *account,
                   const char * const *regions)
{
  FerryAgencyWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);

  self = g_object_new (FERRY_TYPE_AGENCY_WINDOW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  if (regions != NULL && regions[0] != NULL)
    self->required = g_strdupv ((char **) regions);

  ferry_agency_form_page_set_context (self->form_page, client, account,
                                      (const char * const *) self->required);
  ferry_agency_check_page_set_context (self->check_page, client, account,
                                       (const char * const *) self->required, self->cancellable);
  return self;
}

FerryAgencyWindow *
ferry_agency_window_new (GtkWindow          *parent,
                         FerryClient        *client,
                         FerryAccount       *account,
                         const char * const *regions)
{
  FerryAgencyWindow *self = agency_window_new (parent, client, account, regions);

  show_page (self, self->required != NULL ? "form" : "list");
  load_agencies (self);
  return self;
}

FerryAgencyWindow *
ferry_agency_window_new_for_agency (GtkWindow          *parent,
                                    FerryClient        *client,
                                    FerryAccount       *account,
                                    const char         *agency_name,
                                    const char * const *regions)
{
  FerryAgencyWindow *self = agency_window_new (parent, client, account, regions);

  g_return_val_if_fail (agency_name != NULL, self);

  self->open_agency = g_strdup (agency_name);
  adw_window_title_set_title (self->window_title, agency_name);
  show_page (self, "check");
  load_agencies (self);
  return self;
}

/* Private */

const char *
ferry_agency_window_get_page (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), NULL);
  return visible_page (self);
}

gboolean
ferry_agency_window_get_busy (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), FALSE);
  return is_busy (self);
}

FerryAgencySetup *
ferry_agency_window_get_setup (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), NULL);
  return self->setup;
}

FerryGrant
ferry_agency_window_get_grant (FerryAgencyWindow *self,
                               const char        *region)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), FERRY_GRANT_UNKNOWN);
  return ferry_agency_check_page_get_grant (self->check_page, region);
}

GtkWidget *
ferry_agency_window_get_check_page (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), NULL);
  return GTK_WIDGET (self->check_page);
}

/* Object */

static gboolean
ferry_agency_window_close_request (GtkWindow *window)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ferry_agency_window_parent_class)->close_request (window);
}

/* gtk_window_destroy() (destroy-with-parent too) skips close-request, and
 * dispose waits for the last callback's reference: unrealize is what
 * every way of destroying the window goes through, so cancel there, and
 * the callbacks then return at once. */
static void
ferry_agency_window_unrealize (GtkWidget *widget)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  GTK_WIDGET_CLASS (ferry_agency_window_parent_class)->unrealize (widget);
}

static void
ferry_agency_window_dispose (GObject *object)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_AGENCY_WINDOW);
  g_clear_object (&self->setup);
  g_clear_object (&self->agencies);
  g_clear_object (&self->account);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ferry_agency_window_parent_class)->dispose (object);
}

static void
ferry_agency_window_finalize (GObject *object)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (object);

  g_strfreev (self->required);
  g_free (self->open_agency);
  g_free (self->load_error);
  /* Kept to the end: late callbacks ask it whether the window is gone. */
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_agency_window_parent_class)->finalize (object);
}

static void
ferry_agency_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_agency_window_class_init (FerryAgencyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_agency_window_dispose;
  object_class->finalize = ferry_agency_window_finalize;
  object_class->get_property = ferry_agency_window_get_property;
  window_class->close_request = ferry_agency_window_close_request;
  widget_class->unrealize = ferry_agency_window_unrealize;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[AGENCY_READY] =
    g_signal_new ("agency-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The pages' types, before the template names them. */
  g_type_ensure (FERRY_TYPE_AGENCY_LIST_PAGE);
  g_type_ensure (FERRY_TYPE_AGENCY_FORM_PAGE);
  g_type_ensure (FERRY_TYPE_AGENCY_PROGRESS_PAGE);
  g_type_ensure (FERRY_TYPE_AGENCY_CHECK_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ferry-agency-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, form_page);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, progress_page);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_page);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "agency.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "agency.back", NULL, back_action);

  /* As in the copy and account dialogs, and Alt+Left as in GNOME's own
   * pages with a back button. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "agency.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "agency.back", NULL);
  gtk_widget_class_install_action (widget_class, "agency.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "agency.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "agency.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "agency.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "agency.check", "s", check_action);
  gtk_widget_class_install_action (widget_class, "agency.grant-missing", NULL, grant_missing_action);
}

static void
ferry_agency_window_init (FerryAgencyWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->form_page, "changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->check_page, "changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
}
