/* ferry-copy-vault-section.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-copy-choice.h"
#include "ferry-copy-vault-section.h"
#include "ferry-new-vault-dialog.h"
#include "ferry-text.h"

struct _FerryCopyVaultSection
{
  AdwPreferencesGroup  parent_instance;

  FerryCopyContext     context;
  gboolean             needs_vault;      /* a CBR whole image is among the images */
  gboolean             in_region;
  guint                n_regions;
  /* The one destination and its project, when so chosen. */
  FerryRegion         *region;
  FerryProject        *project;

  /* The vault load's, cancelled when superseded, when the section goes
   * and when the dialog closes (a vault being made ends with the dialog). */
  GCancellable        *cancellable;
  gboolean             loading;
  gboolean             creating;
  GError              *error;
  char                *wanted_vault;     /* an id, to select once the vaults are in… */
  char                *wanted_vault_key; /* … of this "region/project id" */

  /* Template children */
  AdwComboRow         *vault_row;
  GtkSpinner          *vault_spinner;
  GtkWidget           *vault_refresh_button;
  GtkWidget           *new_vault_row;
};

static void ferry_copy_vault_section_iface_init (FerryCopySectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryCopyVaultSection, ferry_copy_vault_section,
                               ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_COPY_SECTION,
                                                      ferry_copy_vault_section_iface_init))

static void
update_rows (FerryCopyVaultSection *self)
{
  GListModel *model = adw_combo_row_get_model (self->vault_row);
  g_autofree char *text = NULL;
  const char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), self->needs_vault && !self->in_region);
  gtk_widget_set_visible (GTK_WIDGET (self->vault_row), self->needs_vault);
  gtk_widget_set_visible (self->new_vault_row, self->needs_vault);
  gtk_spinner_set_spinning (self->vault_spinner, self->loading || self->creating);
  gtk_widget_set_visible (GTK_WIDGET (self->vault_spinner), self->loading || self->creating);
  if (self->n_regions != 1)
    subtitle = _("Choose one destination region first.");
  else if (self->creating)
    subtitle = _("Creating the vault…");
  else if (self->loading)
    subtitle = _("Loading the vaults…");
  else if (self->error != NULL)
    subtitle = text = ferry_text_format_error (self->error);
  else if (model == NULL || g_list_model_get_n_items (model) == 0)
    subtitle = _("No replication vault for server backups in this region: create one.");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->vault_row), subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->vault_row), self->n_regions == 1);
  gtk_widget_set_sensitive (self->vault_refresh_button, self->n_regions == 1 && !self->loading);
}

static void
changed (FerryCopyVaultSection *self)
{
  update_rows (self);
  ferry_copy_section_changed (FERRY_COPY_SECTION (self));
}

static const char *
vault_label (FerryVault *vault)
{
  return ferry_vault_get_name (vault) != NULL ? ferry_vault_get_name (vault) : ferry_vault_get_id (vault);
}

/* A vault's status in words; CBR says available, lock, frozen, deleting
 * or error. */
static const char *
vault_status_label (FerryVault *vault)
{
  const char *status = ferry_vault_get_status (vault);

  if (status == NULL)
    /* Translators: a vault's status. */
    return _("Unknown");
  if (g_str_equal (status, "available"))
    /* Translators: a vault's status. */
    return _("Available");
  if (g_str_equal (status, "lock"))
    /* Translators: a vault's status. */
    return _("Locked");
  if (g_str_equal (status, "frozen"))
    /* Translators: a vault's status (frozen for an unpaid bill, say). */
    return _("Frozen");
  if (g_str_equal (status, "deleting"))
    /* Translators: a vault's status. */
    return _("Being deleted");
  if (g_str_equal (status, "error"))
    /* Translators: a vault's status. */
    return _("Error");
  return status;  /* one CBR added since: its own word is better than none */
}

/* The key of the cache's vaults of @region, @project_id. */
static char *
vaults_key (const char *region,
            const char *project_id)
{
  return g_strconcat (region, "/", project_id, NULL);
}

static const char *
source_project_id (FerryCopyVaultSection *self)
{
  FerryProject *project = ferry_account_get_region_project (self->context.account,
                                                            self->context.source_region);

  return project != NULL ? ferry_project_get_id (project) : NULL;
}

/* Why @vault cannot take the copies, or NULL. */
static char *
vault_reason (FerryCopyVaultSection *self,
              FerryVault            *vault)
{
  guint64 total = 0;
  guint n_needing = 0;
  double free_bytes;

  for (guint i = 0; i < self->context.images->len; i++)
    {
      FerryCopyFacts facts = {
        .image = g_ptr_array_index (self->context.images, i),
        .source = self->context.source,
        .project_id = source_project_id (self),
        .destination = self->region,
        .destination_project_id = ferry_project_get_id (self->project),
        .vault = vault,
      };
      g_autoptr(GPtrArray) violations = NULL;

      if (!ferry_rules_needs_vault (facts.image))
        continue;
      violations = ferry_rules_check_request (&facts);
      for (guint j = 0; j < violations->len; j++)
        {
          FerryViolation *v = g_ptr_array_index (violations, j);

          switch (ferry_violation_get_rule (v))
            {
            case FERRY_RULE_VAULT_UNAVAILABLE:
              /* The rules give CBR's own word for the status. */
              return g_strdup_printf (_("The vault “%s” is not available (%s)."),
                                      vault_label (vault),
                                      vault_status_label (vault));
            case FERRY_RULE_VAULT_UNSUITABLE:
            case FERRY_RULE_VAULT_FULL:
              return g_strdup (ferry_violation_get_message (v));
            default:
              break;
            }
        }
      total += ferry_image_get_size (facts.image);
      n_needing++;
    }

  /* Several whole images into one vault: each fits, maybe not all of
   * them together. */
  free_bytes = ferry_vault_get_free_gb (vault) * 1024.0 * 1024.0 * 1024.0;
  if (n_needing > 1 && free_bytes < (double) total)
    {
      g_autofree char *free_text = g_format_size_full ((guint64) free_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *total_text = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: a vault's name, its free space, then the size of
       * the images that need it, together. */
      return g_strdup_printf (_("The vault “%s” has %s free, less than the %s these images take together."),
                              vault_label (vault), free_text, total_text);
    }
  return NULL;
}

static void
show_vaults (FerryCopyVaultSection *self,
             GListModel            *vaults)
{
  g_autoptr(GListStore) choices = g_list_store_new (FERRY_TYPE_COPY_CHOICE);
  g_autofree char *key = NULL;
  gboolean wanted_here = FALSE;
  guint preferred = GTK_INVALID_LIST_POSITION;

  if (self->project != NULL)
    {
      key = vaults_key (ferry_region_get_id (self->region), ferry_project_get_id (self->project));
      wanted_here = self->wanted_vault != NULL && g_strcmp0 (key, self->wanted_vault_key) == 0;
    }

  for (guint i = 0; vaults != NULL && self->project != NULL && i < g_list_model_get_n_items (vaults); i++)
    {
      g_autoptr(FerryVault) vault = g_list_model_get_item (vaults, i);
      g_autofree char *reason = vault_reason (self, vault);
      g_autofree char *detail = NULL;
      g_autoptr(FerryCopyChoice) choice = NULL;

      /* Translators: free and total capacity of a vault in GB, then its status. */
      detail = g_strdup_printf (_("%.0f GB free of %u GB · %s"),
                                ferry_vault_get_free_gb (vault), ferry_vault_get_size (vault),
                                vault_status_label (vault));
      /* By id: vault names need not be unique. */
      if (wanted_here && g_strcmp0 (ferry_vault_get_id (vault), self->wanted_vault) == 0)
        preferred = i;
      choice = ferry_copy_choice_new (vault_label (vault), detail, reason, vault);
      g_list_store_append (choices, choice);
    }

  ferry_copy_choice_row_set_choices (self->vault_row, G_LIST_MODEL (choices), preferred, NULL);
  if (vaults != NULL && wanted_here)
    {
      g_clear_pointer (&self->wanted_vault, g_free);
      g_clear_pointer (&self->wanted_vault_key, g_free);
    }
}

static void
list_vaults_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FerryCopyVaultSection *self = user_data;
  g_autoptr(GListModel) vaults = NULL;
  g_autoptr(GError) error = NULL;

  vaults = ferry_cbr_list_vaults_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_object (&self->cancellable);
  if (vaults == NULL)
    {
      g_propagate_error (&self->error, g_steal_pointer (&error));
      show_vaults (self, NULL);
      changed (self);
      return;
    }

  /* Any other destination would have cancelled the request. */
  ferry_copy_cache_set_vaults (self->context.cache, ferry_region_get_id (self->region),
                               ferry_project_get_id (self->project), vaults);
  show_vaults (self, vaults);
  changed (self);
}

void
ferry_copy_vault_section_load (FerryCopyVaultSection *self,
                               gboolean               refresh)
{
  const char *region;
  GListModel *cached;

  g_return_if_fail (FERRY_IS_COPY_VAULT_SECTION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  self->loading = FALSE;

  if (!self->needs_vault || self->in_region || self->project == NULL)
    {
      show_vaults (self, NULL);
      changed (self);
      return;
    }

  region = ferry_region_get_id (self->region);
  if (refresh)
    ferry_copy_cache_set_vaults (self->context.cache, region, ferry_project_get_id (self->project), NULL);
  cached = ferry_copy_cache_get_vaults (self->context.cache, region, ferry_project_get_id (self->project));
  if (cached != NULL)
    {
      show_vaults (self, cached);
      changed (self);
      return;
    }

  show_vaults (self, NULL);
  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->context.cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->cancellable, G_CONNECT_SWAPPED);
  ferry_cbr_list_vaults_async (self->context.client, region, ferry_project_get_id (self->project),
                               self->cancellable, list_vaults_cb, self);
  changed (self);
}

/* New Vault… */

static void
create_vault_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FerryNewVaultDialog *dialog = FERRY_NEW_VAULT_DIALOG (object);
  FerryCopyVaultSection *self = user_data;
  g_autoptr(FerryVault) vault = NULL;
  g_autoptr(GError) error = NULL;

  vault = ferry_new_vault_dialog_create_finish (dialog, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->creating = FALSE;
  if (vault == NULL)
    {
      g_propagate_error (&self->error, g_steal_pointer (&error));
      changed (self);
      return;
    }

  /* The list of the destination it was made in is out of date, whichever
   * destination is chosen now; the new vault is chosen, by id, once its
   * list is shown (now, or when that destination is chosen again). */
  ferry_copy_cache_set_vaults (self->context.cache, ferry_new_vault_dialog_get_region_id (dialog),
                               ferry_new_vault_dialog_get_project_id (dialog), NULL);
  g_free (self->wanted_vault);
  self->wanted_vault = g_strdup (ferry_vault_get_id (vault));
  g_free (self->wanted_vault_key);
  self->wanted_vault_key = vaults_key (ferry_new_vault_dialog_get_region_id (dialog),
                                       ferry_new_vault_dialog_get_project_id (dialog));
  ferry_copy_vault_section_load (self, FALSE);
}

static void
new_vault_response_cb (FerryNewVaultDialog   *dialog,
                       const char            *response,
                       FerryCopyVaultSection *self)
{
  if (g_strcmp0 (response, "create") != 0)
    return;

  g_clear_error (&self->error);
  self->creating = TRUE;
  /* The dialog's own: a vault being made is not dropped when another
   * destination is chosen. */
  ferry_new_vault_dialog_create_async (dialog, self->context.cancellable, create_vault_cb, self);
  changed (self);
}

gboolean
ferry_copy_vault_section_can_create (FerryCopyVaultSection *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_VAULT_SECTION (self), FALSE);

  return self->n_regions == 1 && self->project != NULL && !self->creating;
}

void
ferry_copy_vault_section_create (FerryCopyVaultSection *self,
                                 GtkWindow             *parent)
{
  FerryNewVaultDialog *dialog;
  guint64 largest = 0;

  g_return_if_fail (FERRY_IS_COPY_VAULT_SECTION (self));

  if (self->n_regions != 1 || self->project == NULL)
    return;

  for (guint i = 0; i < self->context.images->len; i++)
    largest = MAX (largest, ferry_image_get_size (g_ptr_array_index (self->context.images, i)));
  dialog = ferry_new_vault_dialog_new (parent, self->context.client, self->region,
                                       ferry_project_get_id (self->project), largest);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_vault_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

/* FerryCopySection */

static void
ferry_copy_vault_section_set_context (FerryCopySection       *section,
                                      const FerryCopyContext *context)
{
  FerryCopyVaultSection *self = FERRY_COPY_VAULT_SECTION (section);

  self->context = *context;
  self->needs_vault = FALSE;
  for (guint i = 0; i < context->images->len; i++)
    if (ferry_rules_needs_vault (g_ptr_array_index (context->images, i)))
      self->needs_vault = TRUE;
  update_rows (self);
}

static void
ferry_copy_vault_section_set_destination (FerryCopySection           *section,
                                          const FerryCopyDestination *destination)
{
  FerryCopyVaultSection *self = FERRY_COPY_VAULT_SECTION (section);

  self->in_region = destination->in_region;
  self->n_regions = destination->regions->len;
  g_clear_object (&self->region);
  g_clear_object (&self->project);
  if (destination->regions->len == 1 && destination->project != NULL)
    {
      self->region = g_object_ref (g_ptr_array_index (destination->regions, 0));
      self->project = g_object_ref (destination->project);
    }
  ferry_copy_vault_section_load (self, FALSE);
}

static FerryCopySectionState
ferry_copy_vault_section_get_state (FerryCopySection  *section,
                                    char             **message)
{
  FerryCopyVaultSection *self = FERRY_COPY_VAULT_SECTION (section);

  if (!self->needs_vault)
    return FERRY_COPY_SECTION_READY;
  if (self->loading || self->creating)
    {
      *message = g_strdup (self->creating ? _("Creating the vault…") : _("Loading the vaults…"));
      return FERRY_COPY_SECTION_LOADING;
    }
  if (self->error != NULL)
    {
      *message = ferry_text_format_error (self->error);
      return FERRY_COPY_SECTION_FAILED;
    }
  return FERRY_COPY_SECTION_READY;
}

/* The vault chosen, for every destination: the form has one destination
 * when a vault is needed. */
static void
ferry_copy_vault_section_tell_plan (FerryCopySection *section,
                                    FerryCopyPlan    *plan)
{
  FerryVault *vault = ferry_copy_vault_section_get_vault (FERRY_COPY_VAULT_SECTION (section));

  for (guint d = 0; d < ferry_copy_plan_get_n_destinations (plan); d++)
    ferry_copy_plan_set_vault (plan, d, vault);
}

static void
ferry_copy_vault_section_iface_init (FerryCopySectionInterface *iface)
{
  iface->set_context = ferry_copy_vault_section_set_context;
  iface->set_destination = ferry_copy_vault_section_set_destination;
  iface->get_state = ferry_copy_vault_section_get_state;
  iface->tell_plan = ferry_copy_vault_section_tell_plan;
}

/* GObject */

static void
vault_selected_cb (FerryCopyVaultSection *self)
{
  if (ferry_copy_choice_row_take_selection (self->vault_row))
    changed (self);
}

static void
ferry_copy_vault_section_dispose (GObject *object)
{
  FerryCopyVaultSection *self = FERRY_COPY_VAULT_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->region);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_COPY_VAULT_SECTION);

  G_OBJECT_CLASS (ferry_copy_vault_section_parent_class)->dispose (object);
}

static void
ferry_copy_vault_section_finalize (GObject *object)
{
  FerryCopyVaultSection *self = FERRY_COPY_VAULT_SECTION (object);

  g_clear_pointer (&self->wanted_vault, g_free);
  g_clear_pointer (&self->wanted_vault_key, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ferry_copy_vault_section_parent_class)->finalize (object);
}

static void
ferry_copy_vault_section_class_init (FerryCopyVaultSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_copy_vault_section_dispose;
  object_class->finalize = ferry_copy_vault_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/imageferry/Ferry/ui/ferry-copy-vault-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryCopyVaultSection, vault_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyVaultSection, vault_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyVaultSection, vault_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyVaultSection, new_vault_row);
}

static void
ferry_copy_vault_section_init (FerryCopyVaultSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 reads a list without a name by its class name; libadwaita
   * names the lists of the groups that have a title only. */
  ferry_a11y_name_list_by_row (GTK_WIDGET (self->vault_row));
  ferry_copy_choice_setup_row (self->vault_row);
  g_signal_connect_object (self->vault_row, "notify::selected", G_CALLBACK (vault_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

FerryVault *
ferry_copy_vault_section_get_vault (FerryCopyVaultSection *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_VAULT_SECTION (self), NULL);

  return ferry_copy_choice_row_get_item (self->vault_row);
}
