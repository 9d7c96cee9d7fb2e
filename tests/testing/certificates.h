// Certificates made by the openssl tool for a test: a throwaway CA, another
// CA, a server certificate for localhost and 127.0.0.1, and client
// certificates on demand.
//
// Example:
//   Certificates certificates(dir.path());
//   certificates.Client("alice", "alice.clients.test");
//   ... --tls-cert certificates.Path("server.pem") ...

#ifndef TRANSPO_TESTS_TESTING_CERTIFICATES_H_
#define TRANSPO_TESTS_TESTING_CERTIFICATES_H_

#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace transpo::testing {

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Makes in `dir`: ca.pem (and ca.key), server.pem/.key for localhost, and a
// client certificate <name>.pem/.key per call of Client.
class Certificates {
 public:
  explicit Certificates(const std::string& dir) : dir_(dir) {
    Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
        "-nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=transpo test CA'"
        " && openssl req -x509 -newkey ec -pkeyopt "
        "ec_paramgen_curve:prime256v1 -nodes -keyout other-ca.key -out "
        "other-ca.pem -days 2 -subj '/CN=another CA'"
        " && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > "
        "server.ext");
    Sign("server", "localhost", "ca", "server.ext");
  }

  // A client certificate with this CN (and a SAN naming `san`, if given),
  // signed by `ca` ("ca" or "other-ca").
  void Client(const std::string& name, const std::string& cn,
              const std::string& san = "", const std::string& ca = "ca") {
    std::string ext;
    if (!san.empty()) {
      ext = name + ".ext";
      Run("printf 'subjectAltName=DNS:" + san + "\\n' > " + ext);
    }
    Sign(name, cn, ca, ext);
  }

  std::string Path(const std::string& file) const { return dir_ + "/" + file; }

  // SSL credentials trusting the CA, presenting client certificate `name`
  // unless empty.
  std::shared_ptr<grpc::ChannelCredentials> Credentials(
      const std::string& name) const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadText(Path("ca.pem"));
    if (!name.empty()) {
      ssl.pem_private_key = ReadText(Path(name + ".key"));
      ssl.pem_cert_chain = ReadText(Path(name + ".pem"));
    }
    return grpc::SslCredentials(ssl);
  }

 private:
  void Sign(const std::string& name, const std::string& cn,
            const std::string& ca, const std::string& ext) {
    Run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-keyout " +
        name + ".key -out " + name + ".csr -subj '/CN=" + cn +
        "' && openssl x509 -req -in " + name + ".csr -CA " + ca +
        ".pem -CAkey " + ca + ".key -CAcreateserial -out " + name +
        ".pem -days 2" + (ext.empty() ? "" : " -extfile " + ext));
  }

  void Run(const std::string& command) {
    const std::string line =
        "cd '" + dir_ + "' && (" + command + ") >openssl.log 2>&1";
    ASSERT_EQ(std::system(line.c_str()), 0) << command << "\n"
                                            << ReadText(dir_ + "/openssl.log");
  }

  std::string dir_;
};

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_CERTIFICATES_H_
