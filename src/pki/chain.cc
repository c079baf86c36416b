#include "pki/chain.h"

#include <chrono>
#include <string>

namespace certflow::pki {

namespace {

constexpr char kNoLink[] = "Could not validate the certificate with the certificate chain";
constexpr char kHowToFix[] =
    " Provide the certificate's issuing CA certificate and any intermediates up to the root, "
    "as PEM blocks.";

}  // namespace

Status verify_chain(X509& leaf, const std::vector<X509Ptr>& chain, TimePoint now) {
  for (const X509Ptr& cert : chain) {
    // With every chain certificate trusted, a chain that repeats the certificate would
    // "validate" it by itself (a fullchain.pem pasted as the chain).
    if (X509_cmp(cert.get(), &leaf) == 0) {
      return fail(ErrorCode::kValidation,
                  "The certificate chain contains the certificate itself. Provide only the "
                  "issuing CA certificates (for example chain.pem, not fullchain.pem).");
    }
  }
  X509StorePtr store(X509_STORE_new());
  X509StackPtr untrusted(sk_X509_new_null());
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) {
    return fail(ErrorCode::kInternal, "cannot set up certificate chain verification");
  }
  for (const X509Ptr& cert : chain) {
    if (X509_STORE_add_cert(store.get(), cert.get()) != 1 ||
        X509_add_cert(untrusted.get(), cert.get(), X509_ADD_FLAG_UP_REF) != 1) {
      return fail(ErrorCode::kInternal, "cannot set up certificate chain verification");
    }
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), &leaf, untrusted.get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot set up certificate chain verification");
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  auto seconds = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(seconds));
  if (X509_verify_cert(ctx.get()) == 1) return {};
  int error = X509_STORE_CTX_get_error(ctx.get());
  return fail(ErrorCode::kValidation, std::string(kNoLink) + " (" +
                                          X509_verify_cert_error_string(error) + ")." + kHowToFix);
}

}  // namespace certflow::pki
