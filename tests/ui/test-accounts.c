/* test-accounts.c: adding accounts, keys in the keyring, against the sandbox
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ferry-account-window.h"
#include "ferry-application.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-images-page-private.h"
#include "ferry-test-keyring.h"
#include "ferry-test-ui.h"

static FerryApplication *app;
static FerryWindow *window;
static FerryAccountStore *store;
static FerrySandbox *sandbox;

static guint
count_accounts (void)
{
  g_auto(GStrv) ids = ferry_account_store_dup_ids (store);

  return g_strv_length (ids);
}

/* The form */

static gboolean
account_window_gone (gpointer data)
{
  return ferry_test_ui_find_window (FERRY_TYPE_ACCOUNT_WINDOW) == NULL;
}

static FerryAccountWindow *
open_form (void)
{
  GtkWindow *form;

  g_assert_true (account_window_gone (NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  form = ferry_test_ui_find_window (FERRY_TYPE_ACCOUNT_WINDOW);
  g_assert_nonnull (form);
  g_assert_true (gtk_window_get_transient_for (form) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (form));
  ferry_test_ui_wait_drawn (GTK_WIDGET (form));
  /* What the user types goes to the first field, not to Cancel. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (form));
    GtkWidget *first = ferry_test_ui_find_row (GTK_WIDGET (form), ferry_test_ui_tr (NULL, "Name (Optional)"));

    g_assert_nonnull (focus);
    g_assert_true (focus == first || gtk_widget_is_ancestor (focus, first));
    g_assert_true (GTK_IS_EDITABLE (focus));
  }
  return FERRY_ACCOUNT_WINDOW (form);
}

static void
set_row (FerryAccountWindow *form,
         const char         *title,
         const char         *text)
{
  GtkWidget *row = ferry_test_ui_find_row (GTK_WIDGET (form), ferry_test_ui_tr (NULL, title));

  if (row == NULL)
    g_error ("the form has no row “%s”", title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
fill_form (FerryAccountWindow *form,
           const char         *name,
           const char         *secret_key)
{
  g_autofree char *endpoint = ferry_sandbox_dup_endpoint_template (sandbox);

  set_row (form, "Name (Optional)", name);
  set_row (form, "Access Key ID", FERRY_SANDBOX_ACCESS_KEY);
  set_row (form, "Secret Access Key", secret_key);
  set_row (form, "Endpoint Template", endpoint);
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (form), ferry_test_ui_tr (NULL, "Home Region")));
}

static gboolean
form_idle (gpointer data)
{
  return !ferry_account_window_get_busy (data);
}

/* Connects and waits for the answer; returns the error shown, if any. */
static const char *
connect (FerryAccountWindow *form)
{
  /* The form closes itself on success. */
  g_autoptr(FerryAccountWindow) alive = g_object_ref (form);

  gtk_widget_activate_action (GTK_WIDGET (form), "account.connect", NULL);
  g_assert_true (ferry_test_ui_wait_for (form_idle, form, 20000));
  if (account_window_gone (NULL))
    return NULL;
  ferry_test_ui_wait_drawn (GTK_WIDGET (form));
  /* As read: without the invisible word joiners that keep a server code
   * on one line. */
  if (ferry_account_window_get_error_message (form) == NULL)
    return NULL;
  {
    static char *read;
    g_auto(GStrv) parts = g_strsplit (ferry_account_window_get_error_message (form), "\u2060", -1);

    g_free (read);
    read = g_strjoinv ("", parts);
    return read;
  }
}

static void
test_accounts_wrong_keys (void)
{
  guint keyring_before = ferry_test_keyring_count ();
  FerryAccountWindow *form = open_form ();
  const char *wrong = ferry_test_ui_tr (NULL, "The access key or secret key is wrong.");
  const char *message;

  fill_form (form, "Wrong keys", "not-the-secret-key-0000000000000000000000");
  ferry_test_ui_resize (GTK_WINDOW (form), 520, 680);
  ferry_test_ui_take_screenshot (GTK_WIDGET (form), "account-form");

  message = connect (form);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, wrong));
  /* The server's code, for a support request. */
  g_assert_nonnull (strstr (message, "APIGW.0301"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (form), "account-wrong-keys");

  /* Nothing stored, in the keyring or elsewhere. */
  g_assert_cmpuint (ferry_test_keyring_count (), ==, keyring_before);
  g_assert_cmpuint (count_accounts (), ==, 0);
  g_assert_cmpstr (ferry_window_get_page (window), ==, "welcome");

  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (ferry_test_ui_wait_for (account_window_gone, NULL, 5000));
}

/* A service whose clock is an hour ahead of this computer's, answering
 * like the API gateway does then. (The sandbox's own clock control moves
 * its signature check, not the Date of its answers.) */
static void
skewed_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  static const char body[] =
    "{\"error_code\": \"APIGW.0303\", \"error_msg\": \"Incorrect app authentication information: "
    "the request date is invalid.\", \"request_id\": \"0123456789abcdef0123456789abcdef\"}";
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* Half a minute more: HTTP dates drop the seconds' fractions. */
  g_autoptr(GDateTime) ahead = g_date_time_add_seconds (now, 3630);
  g_autofree char *date = soup_date_time_to_string (ahead, SOUP_DATE_HTTP);

  soup_server_message_set_status (msg, 401, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_accounts_clock_skew (void)
{
  guint keyring_before = ferry_test_keyring_count ();
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *expected = NULL;
  FerryAccountWindow *form;
  GSList *uris;
  const char *message;

  soup_server_add_handler (server, NULL, skewed_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d/{service}/{region}", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  form = open_form ();
  fill_form (form, "Skewed", FERRY_SANDBOX_SECRET_KEY);
  set_row (form, "Endpoint Template", endpoint);
  message = connect (form);

  /* The sentence gives the offset, so the user knows what to correct. */
  expected = g_strdup_printf (g_dngettext (NULL,
                                           "This computer’s clock is %d minute behind the server’s. Correct the time and try again.",
                                           "This computer’s clock is %d minutes behind the server’s. Correct the time and try again.",
                                           60), 60);
  g_assert_nonnull (message);
  if (!g_str_has_prefix (message, expected))
    g_error ("“%s” does not start with “%s”", message, expected);
  ferry_test_ui_take_screenshot (GTK_WIDGET (form), "account-clock-skew");
  g_assert_cmpuint (ferry_test_keyring_count (), ==, keyring_before);
  g_assert_cmpuint (count_accounts (), ==, 0);

  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (ferry_test_ui_wait_for (account_window_gone, NULL, 5000));
}

static void
test_accounts_no_network (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  FerryAccountWindow *form;
  const char *message;
  guint16 port;

  /* A loopback port that nothing listens on: bound, never listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  endpoint = g_strdup_printf ("http://127.0.0.1:%u/{service}/{region}", port);

  form = open_form ();
  fill_form (form, "Offline", FERRY_SANDBOX_SECRET_KEY);
  set_row (form, "Endpoint Template", endpoint);
  message = connect (form);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, ferry_test_ui_tr (NULL, "The service cannot be reached. Check the network connection.")));
  g_assert_cmpuint (count_accounts (), ==, 0);

  /* A template Ferry refuses: plain http off loopback. */
  set_row (form, "Endpoint Template", "http://{service}.{region}.example.com");
  message = connect (form);
  g_assert_nonnull (message);
  g_assert_cmpuint (count_accounts (), ==, 0);

  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (ferry_test_ui_wait_for (account_window_gone, NULL, 5000));
}

static gboolean
shows_images (gpointer data)
{
  FerryImagesPage *page = ferry_window_get_images_page (window);

  return g_strcmp0 (ferry_window_get_page (window), "images") == 0 &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0 &&
         g_strcmp0 (ferry_window_get_active_account (window), data) == 0;
}

static GMenuModel *
primary_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GMenuModel *found = primary_menu (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the main menu's first section has an item labelled @label. */
static gboolean
menu_lists (const char *label)
{
  GMenuModel *menu = primary_menu (GTK_WIDGET (window));
  g_autoptr(GMenuModel) accounts = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);

  for (int i = 0; i < g_menu_model_get_n_items (accounts); i++)
    {
      g_autofree char *item = NULL;

      if (g_menu_model_get_item_attribute (accounts, i, G_MENU_ATTRIBUTE_LABEL, "s", &item) &&
          g_strcmp0 (item, label) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
add_account (const char *name)
{
  FerryAccountWindow *form = open_form ();
  g_auto(GStrv) before = ferry_account_store_dup_ids (store);
  g_auto(GStrv) after = NULL;
  g_autofree char *active = NULL;

  fill_form (form, name, FERRY_SANDBOX_SECRET_KEY);
  g_assert_null (connect (form));
  g_assert_true (account_window_gone (NULL));

  after = ferry_account_store_dup_ids (store);
  g_assert_cmpuint (g_strv_length (after), ==, g_strv_length (before) + 1);
  active = ferry_account_store_dup_active_id (store);
  g_assert_cmpstr (active, ==, after[g_strv_length (after) - 1]);
  return g_steal_pointer (&active);
}

static void
test_accounts_right_keys (void)
{
  GSettings *settings = ferry_application_get_settings (app);
  guint keyring_before = ferry_test_keyring_count ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GVariant) accounts = NULL;
  g_autofree char *printed = NULL;

  first = add_account ("Demo Account");
  /* The main window says so, told by the form it opened. */
  {
    g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, "“%s” was added, and its keys are in your keyring"),
                                      "%s", -1);
    g_autofree char *toast = g_strjoinv ("Demo Account", parts);

    g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window), toast));
  }

  /* The keys are in the keyring, under the account's id... */
  g_assert_cmpuint (ferry_test_keyring_count (), ==, keyring_before + 1);
  secret = ferry_test_keyring_secret (first);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, FERRY_SANDBOX_SECRET_KEY));
  g_assert_nonnull (strstr (secret, FERRY_SANDBOX_ACCESS_KEY));

  /* ... and nowhere in the settings, which hold the rest. */
  accounts = g_settings_get_value (settings, "accounts");
  printed = g_variant_print (accounts, FALSE);
  g_assert_null (strstr (printed, FERRY_SANDBOX_SECRET_KEY));
  g_assert_null (strstr (printed, FERRY_SANDBOX_ACCESS_KEY));
  g_assert_nonnull (strstr (printed, "Demo Account"));
  name = ferry_account_store_dup_name (store, first);
  g_assert_cmpstr (name, ==, "Demo Account");

  /* The window opens it, named in the title and in the menu. */
  g_assert_true (ferry_test_ui_wait_for (shows_images, first, 20000));
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
  /* The header's subtitle, shown beside the view switcher's place when
   * the window is narrow (and not mapped while the switcher fits, or
   * while the two cross-fade: read the title itself, not its label). */
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (ADW_VIEW_SWITCHER_TITLE (ferry_test_ui_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE))),
                   ==, "Demo Account");
  g_assert_null (ferry_test_ui_find_label (GTK_WIDGET (window), ferry_test_ui_tr (NULL, "Sandbox")));
  g_assert_true (menu_lists ("Demo Account"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "account-images");

  /* A second account becomes the active one; the first is a click away. */
  second = add_account ("Second_Account");
  g_assert_true (ferry_test_ui_wait_for (shows_images, second, 20000));
  g_assert_true (menu_lists ("Second__Account"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.active-account", "s", first);
  g_assert_true (ferry_test_ui_wait_for (shows_images, first, 20000));
  {
    g_autofree char *active = ferry_account_store_dup_active_id (store);

    g_assert_cmpstr (active, ==, first);
  }
  g_assert_cmpuint (ferry_test_keyring_count (), ==, keyring_before + 2);

  /* The main menu: both accounts, the sandbox, one of them checked. */
  {
    GtkWidget *button = ferry_test_ui_find_by_type (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
    GtkPopover *popover;

    g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)));
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
    ferry_test_ui_wait_drawn (GTK_WIDGET (popover));
    ferry_test_ui_take_screenshot (GTK_WIDGET (popover), "account-menu");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }
}

static gboolean
no_message_dialog (gpointer data)
{
  return !ferry_test_ui_has_message_dialog (NULL);
}

static gboolean
has_accounts (gpointer data)
{
  return count_accounts () == GPOINTER_TO_UINT (data);
}

static void
remove_active_account (void)
{
  g_autofree char *id = g_strdup (ferry_window_get_active_account (window));
  g_autofree char *secret = NULL;
  guint n = count_accounts ();
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-account", NULL);
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  ferry_test_ui_wait_drawn (GTK_WIDGET (dialog));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "account-remove");
  /* As its button does: the response, then the dialog goes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  ferry_test_ui_destroy_and_assert_finalized (dialog);
  g_assert_true (ferry_test_ui_wait_for (no_message_dialog, NULL, 5000));

  g_assert_true (ferry_test_ui_wait_for (has_accounts, GUINT_TO_POINTER (n - 1), 10000));
  g_assert_false (ferry_account_store_contains (store, id));
  /* Its keys went with it. */
  secret = ferry_test_keyring_secret (id);
  g_assert_null (secret);
}

static gboolean
is_welcome (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (window), "welcome") == 0;
}

static void
test_accounts_remove (void)
{
  guint keyring_before = ferry_test_keyring_count ();
  g_autofree char *remaining = NULL;

  g_assert_cmpuint (count_accounts (), ==, 2);
  remove_active_account ();

  /* The other account takes over... */
  remaining = ferry_account_store_dup_active_id (store);
  g_assert_nonnull (remaining);
  g_assert_true (ferry_test_ui_wait_for (shows_images, remaining, 20000));

  /* ... until it goes too, back to the welcome page. */
  remove_active_account ();
  g_assert_true (ferry_test_ui_wait_for (is_welcome, NULL, 10000));
  g_assert_cmpuint (ferry_test_keyring_count (), ==, keyring_before - 2);
  g_assert_null (ferry_account_store_dup_active_id (store));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  ferry_test_ui_init (&argc, &argv);

  app = ferry_test_ui_new_app ();
  store = ferry_application_get_account_store (app);
  sandbox = ferry_application_ensure_sandbox (app, &error);
  g_assert_no_error (error);

  window = ferry_test_ui_activate (app);
  g_assert_cmpstr (ferry_window_get_page (window), ==, "welcome");

  /* In this order: each one starts where the previous one left. */
  g_test_add_func ("/ui/accounts/wrong-keys", test_accounts_wrong_keys);
  g_test_add_func ("/ui/accounts/clock-skew", test_accounts_clock_skew);
  g_test_add_func ("/ui/accounts/no-network", test_accounts_no_network);
  g_test_add_func ("/ui/accounts/right-keys", test_accounts_right_keys);
  g_test_add_func ("/ui/accounts/remove", test_accounts_remove);

  ret = g_test_run ();
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  return ret;
}
