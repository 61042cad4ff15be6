/* ferry-agency-check-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-check-page.h"
#include "ferry-agency-regions.h"
#include "ferry-text.h"

struct _FerryAgencyCheckPage
{
  AdwPreferencesPage  parent_instance;

  FerryClient        *client;
  FerryAccount       *account;
  GStrv               required;
  GCancellable       *cancellable;    /* the window's */
  FerryAgency        *agency;
  GHashTable         *grants;         /* region → FerryGrant */
  GPtrArray          *rows;           /* FerryAgencyRegionRow */
  gboolean            checking;
  gboolean            checked_once;

  /* Template children */
  AdwPreferencesGroup *check_group;
  AdwActionRow       *suitability_row;
  GtkImage           *suitability_icon;
  GtkWidget          *check_actions_group;
  GtkWidget          *check_reload_button;
  GtkWidget          *check_create_button;
  GtkWidget          *check_list_button;
  GtkWidget          *check_regions_group;
  GtkListBox         *check_regions;
  GtkWidget          *grant_button;
};

G_DEFINE_FINAL_TYPE (FerryAgencyCheckPage, ferry_agency_check_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whether the window is gone (destroyed, maybe not yet disposed): late
 * callbacks then do nothing. */
static gboolean
is_gone (FerryAgencyCheckPage *self)
{
  return self->client == NULL || g_cancellable_is_cancelled (self->cancellable);
}

static FerryGrant
grant_of (FerryAgencyCheckPage *self,
          const char           *region)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->grants, region));
}

static void
show_grants (FerryAgencyCheckPage *self)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      FerryAgencyRegionRow *r = g_ptr_array_index (self->rows, i);
      FerryGrant grant = grant_of (self, r->region);

      switch (grant)
        {
        case FERRY_GRANT_GRANTED:
          gtk_image_set_from_icon_name (r->status_icon, "emblem-ok-symbolic");
          gtk_widget_add_css_class (GTK_WIDGET (r->status_icon), "success");
          gtk_label_set_text (r->status_label, C_("permission", "Granted"));
          break;
        case FERRY_GRANT_MISSING:
          /* A warning only where the agency is meant to work. */
          if (gtk_check_button_get_active (r->check))
            gtk_image_set_from_icon_name (r->status_icon, "dialog-warning-symbolic");
          else
            gtk_image_clear (r->status_icon);
          gtk_widget_remove_css_class (GTK_WIDGET (r->status_icon), "success");
          gtk_widget_add_css_class (GTK_WIDGET (r->status_icon), "warning");
          gtk_label_set_text (r->status_label, C_("permission", "Missing"));
          break;
        case FERRY_GRANT_UNKNOWN:
        default:
          gtk_image_clear (r->status_icon);
          gtk_label_set_text (r->status_label, self->checking ? _("Checking…") : "");
          break;
        }
      /* Opened from the menu: what the agency covers is ticked at first. */
      if (!self->checked_once && grant == FERRY_GRANT_GRANTED)
        gtk_check_button_set_active (r->check, TRUE);
      if (grant == FERRY_GRANT_MISSING && !gtk_check_button_get_active (r->check))
        gtk_widget_add_css_class (GTK_WIDGET (r->status_label), "dim-label");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (r->status_label), "dim-label");
    }
}

static void
region_toggled_cb (FerryAgencyCheckPage *self)
{
  if (self->checked_once)
    show_grants (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
grants_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FerryAgencyCheckPage) self = user_data;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;

  grants = ferry_iam_check_ims_grants_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
    return;
  self->checking = FALSE;
  if (grants == NULL)
    {
      g_autofree char *text = ferry_text_format_error (error);

      adw_action_row_set_subtitle (self->suitability_row, text);
      gtk_image_set_from_icon_name (self->suitability_icon, "dialog-error-symbolic");
    }
  else
    {
      for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
        {
          FerryAgencyRegionRow *r = g_ptr_array_index (self->rows, i);

          g_hash_table_insert (self->grants, g_strdup (r->region), GINT_TO_POINTER (grants[i]));
        }
    }
  show_grants (self);
  self->checked_once = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
run_check (FerryAgencyCheckPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) regions = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    g_strv_builder_add (builder, ((FerryAgencyRegionRow *) g_ptr_array_index (self->rows, i))->region);
  regions = g_strv_builder_end (builder);

  g_hash_table_remove_all (self->grants);
  self->checking = TRUE;
  show_grants (self);
  ferry_iam_check_ims_grants_async (self->client, self->account, ferry_agency_get_id (self->agency),
                                    (const char * const *) regions, self->cancellable,
                                    grants_checked_cb, g_object_ref (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

void
ferry_agency_check_page_set_context (FerryAgencyCheckPage *self,
                                     FerryClient          *client,
                                     FerryAccount         *account,
                                     const char * const   *required,
                                     GCancellable         *cancellable)
{
  g_return_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self));
  g_return_if_fail (FERRY_IS_CLIENT (client));
  g_return_if_fail (FERRY_IS_ACCOUNT (account));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  if (required != NULL && required[0] != NULL)
    self->required = g_strdupv ((char **) required);
  self->cancellable = g_object_ref (cancellable);
}

void
ferry_agency_check_page_open (FerryAgencyCheckPage *self,
                              FerryAgency          *agency)
{
  gboolean suitable;

  g_return_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self));
  g_return_if_fail (FERRY_IS_AGENCY (agency));
  g_return_if_fail (self->client != NULL);

  suitable = ferry_agency_trusts_ims (agency);
  g_set_object (&self->agency, agency);
  self->checked_once = self->required != NULL;
  g_hash_table_remove_all (self->grants);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = ferry_agency_region_rows_build (self->check_regions, self->client, self->account,
                                               (const char * const *) self->required, TRUE,
                                               G_CALLBACK (region_toggled_cb), self);

  adw_preferences_group_set_title (self->check_group, ferry_agency_get_name (agency));
  adw_preferences_group_set_description (self->check_group, ferry_agency_get_description (agency));
  if (suitable)
    {
      gtk_image_set_from_icon_name (self->suitability_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->suitability_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->suitability_icon), "success");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suitability_row), _("Delegated to IMS"));
      adw_action_row_set_subtitle (self->suitability_row,
                                   _("IMS may act through this agency. A copy also needs it to hold IMS Administrator in its source and its destination region."));
    }
  else
    {
      g_autofree char *why = NULL;

      gtk_image_set_from_icon_name (self->suitability_icon, "dialog-error-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->suitability_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->suitability_icon), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suitability_row), _("Unsuitable for Copies"));
      /* Translators: the account the agency is delegated to, e.g. op_svc_ecs. */
      why = g_strdup_printf (_("This agency is delegated to %s, not to the Image Management Service (op_svc_ims), so IMS cannot act through it, whatever it is granted. Create an agency for IMS instead."),
                             ferry_agency_get_trust_domain_name (agency) != NULL
                             ? ferry_agency_get_trust_domain_name (agency) : "?");
      adw_action_row_set_subtitle (self->suitability_row, why);
    }
  gtk_widget_set_visible (self->check_regions_group, suitable);
  gtk_widget_set_visible (self->grant_button, suitable);
  gtk_widget_set_visible (self->check_actions_group, FALSE);
  if (suitable)
    run_check (self);
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

void
ferry_agency_check_page_show_problem (FerryAgencyCheckPage *self,
                                      const char           *title,
                                      const char           *subtitle,
                                      gboolean              not_found)
{
  g_return_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self));

  g_clear_object (&self->agency);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  ferry_agency_clear_list_box (self->check_regions);
  adw_preferences_group_set_title (self->check_group, NULL);
  adw_preferences_group_set_description (self->check_group, NULL);
  gtk_image_set_from_icon_name (self->suitability_icon, "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->suitability_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->suitability_icon), "error");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suitability_row), title);
  adw_action_row_set_subtitle (self->suitability_row, subtitle);
  gtk_widget_set_visible (self->check_regions_group, FALSE);
  gtk_widget_set_visible (self->grant_button, FALSE);
  gtk_widget_set_visible (self->check_actions_group, TRUE);
  gtk_widget_set_visible (self->check_reload_button, !not_found);
  gtk_widget_set_visible (self->check_create_button, not_found);
  gtk_widget_set_visible (self->check_list_button, not_found);
  g_signal_emit (self, signals[CHANGED], 0);
}

FerryAgency *
ferry_agency_check_page_get_agency (FerryAgencyCheckPage *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self), NULL);

  return self->agency;
}

gboolean
ferry_agency_check_page_get_checking (FerryAgencyCheckPage *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self), FALSE);

  return self->checking;
}

FerryGrant
ferry_agency_check_page_get_grant (FerryAgencyCheckPage *self,
                                   const char           *region)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self), FERRY_GRANT_UNKNOWN);

  return grant_of (self, region);
}

GStrv
ferry_agency_check_page_dup_missing (FerryAgencyCheckPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FERRY_IS_AGENCY_CHECK_PAGE (self), NULL);

  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      FerryAgencyRegionRow *r = g_ptr_array_index (self->rows, i);

      if (gtk_check_button_get_active (r->check) && grant_of (self, r->region) == FERRY_GRANT_MISSING)
        g_strv_builder_add (builder, r->region);
    }
  return g_strv_builder_end (builder);
}

static void
ferry_agency_check_page_dispose (GObject *object)
{
  FerryAgencyCheckPage *self = FERRY_AGENCY_CHECK_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_AGENCY_CHECK_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->agency);
  g_clear_object (&self->account);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ferry_agency_check_page_parent_class)->dispose (object);
}

static void
ferry_agency_check_page_finalize (GObject *object)
{
  FerryAgencyCheckPage *self = FERRY_AGENCY_CHECK_PAGE (object);

  g_strfreev (self->required);
  /* Kept to the end: late callbacks ask it whether the window is gone. */
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->grants);

  G_OBJECT_CLASS (ferry_agency_check_page_parent_class)->finalize (object);
}

static void
ferry_agency_check_page_class_init (FerryAgencyCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_agency_check_page_dispose;
  object_class->finalize = ferry_agency_check_page_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ferry-agency-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, suitability_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, suitability_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_actions_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_reload_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_create_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_list_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_regions_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, check_regions);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyCheckPage, grant_button);
}

static void
ferry_agency_check_page_init (FerryAgencyCheckPage *self)
{
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}
