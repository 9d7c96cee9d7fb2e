// WorkQueue runs tasks on a few threads of its own, in the order posted (one
// thread: strictly in order). The sequencer's callbacks post here whatever
// takes time (building a reply reads the log), so that one slow reply never
// delays the single writer and every write behind it.
//
// Thread-safety: Post may be called from any thread. Destroying the queue
// runs every task already posted, then joins its threads; a task posted
// during or after destruction runs on the posting thread.
//
// Example:
//   WorkQueue replies(2);
//   replies.Post([reply = std::move(reply), state] { reply(state); });

#ifndef TRANSPO_SERVER_APP_WORK_QUEUE_H_
#define TRANSPO_SERVER_APP_WORK_QUEUE_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace transpo::app {

class WorkQueue {
 public:
  using Task = absl::AnyInvocable<void() &&>;

  explicit WorkQueue(int threads);
  ~WorkQueue();

  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void Post(Task task);

 private:
  void Run();

  absl::Mutex mu_;
  std::deque<Task> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_WORK_QUEUE_H_
