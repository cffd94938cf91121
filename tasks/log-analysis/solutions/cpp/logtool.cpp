// Second full-marks solution of log-analysis, in C++20: one streaming pass, like the reference.
// Exact decimals as scaled integers: cpu_util and THRESHOLD in units of 1e-9 (the statement allows
// at most 6 decimals), medians in units of 1e-10 so that the mean of two middle values stays exact.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

using namespace std;
namespace fs = std::filesystem;

static const int64_t MINUTE = 60000;
static const int WINDOW = 5;
static const int64_t OPEN_END = int64_t(1) << 60;

struct Event {
    int64_t instant = 0;
    string server;
    int group = 0;
    int64_t seq = 0;
    int64_t value = -1;  // cpu_util in 1e-9 units, -1 when the event is not a sample
    bool alert = false;
    string text;  // over: "TIMESTAMP SERVER VALUE\n"; alerts: the event's lines
};

static bool before(const Event& a, const Event& b) {
    if (a.instant != b.instant) return a.instant < b.instant;
    if (int c = a.server.compare(b.server)) return c < 0;
    if (a.group != b.group) return a.group < b.group;
    return a.seq < b.seq;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + int64_t(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
}

static int num(const string& s, size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; i++) v = v * 10 + (s[i] - '0');
    return v;
}

// Parses "D+[.D+]" into 1e-9 units; false if the text is anything else.
static bool decimal_units(const char* p, size_t n, int64_t& out) {
    size_t i = 0;
    int64_t whole = 0, frac = 0;
    int digits = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') whole = whole * 10 + (p[i++] - '0');
    if (i == 0 || i > 9) return false;
    if (i < n) {
        if (p[i++] != '.' || i == n) return false;
        for (; i < n; i++, digits++) {
            if (p[i] < '0' || p[i] > '9' || digits >= 9) return false;
            frac = frac * 10 + (p[i] - '0');
        }
    }
    for (; digits < 9; digits++) frac *= 10;
    out = whole * 1000000000 + frac;
    return true;
}

class GroupStream {
  public:
    GroupStream(int index, const fs::path& dir, bool want_alerts) : index_(index), want_alerts_(want_alerts) {
        vector<pair<long, fs::path>> files;
        for (auto& entry : fs::directory_iterator(dir)) {
            string name = entry.path().filename().string();
            if (name == "app.log") files.push_back({0, entry.path()});
            else if (name.rfind("app.log.", 0) == 0 && name.size() > 8 && all_of(name.begin() + 8, name.end(), ::isdigit))
                files.push_back({stol(name.substr(8)), entry.path()});
        }
        sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.first > b.first; });  // oldest first
        for (auto& f : files) files_.push_back(f.second.string());
    }
    ~GroupStream() { if (file_) fclose(file_); free(buf_); }

    // The next event in (instant, server, log order), false at the end.
    bool next(Event& out) {
        while (ready_ == batch_.size()) {
            batch_.clear();
            ready_ = 0;
            if (has_held_) batch_.push_back(move(held_)), has_held_ = false;
            Event ev;
            while (raw_next(ev)) {
                if (!batch_.empty() && ev.instant != batch_[0].instant) { held_ = move(ev); has_held_ = true; break; }
                batch_.push_back(move(ev));
                ev = Event();
            }
            if (batch_.empty()) return false;
            if (batch_.size() > 1) stable_sort(batch_.begin(), batch_.end(), before);
        }
        out = move(batch_[ready_++]);
        return true;
    }

  private:
    bool read_line(string& line) {
        for (;;) {
            if (!file_) {
                if (next_file_ == files_.size()) return false;
                file_ = fopen(files_[next_file_++].c_str(), "rb");
                if (!file_) continue;
                setvbuf(file_, nullptr, _IOFBF, 1 << 20);
            }
            ssize_t n = getline(&buf_, &cap_, file_);
            if (n < 0) { fclose(file_); file_ = nullptr; continue; }
            if (n > 0 && buf_[n - 1] == '\n') n--;
            line.assign(buf_, n);
            return true;
        }
    }

    static bool is_trace(const string& l) { return !l.empty() && (l[0] == ' ' || l[0] == '\t'); }

    bool raw_next(Event& ev) {
        for (;;) {
            if (!pending_ok_ && !read_line(pending_)) return false;
            pending_ok_ = false;
            string line = move(pending_);
            if (is_trace(line)) continue;  // no event above it
            seq_++;
            bool relevant = parse(line, ev);
            string more;
            while (read_line(more)) {
                if (!is_trace(more)) { pending_ = move(more); pending_ok_ = true; break; }
                if (relevant && ev.alert) ev.text += more, ev.text += '\n';
            }
            if (relevant) return true;
        }
    }

    bool parse(const string& l, Event& ev) {
        if (l.size() < 31) return false;
        bool alert = want_alerts_ && (l.compare(30, 8, "WARNING ") == 0 || l.compare(30, 6, "ERROR ") == 0);
        if (!alert && l.find("cpu_util=", 30) == string::npos) return false;
        size_t a = l.find(' ', 30), b = a == string::npos ? a : l.find(' ', a + 1);
        size_t c = b == string::npos ? b : l.find(' ', b + 1);
        if (c == string::npos) return false;
        const char* msg = l.data() + c + 1;
        size_t msg_len = l.size() - c - 1;
        int64_t value = -1;
        bool sample = msg_len > 9 && memcmp(msg, "cpu_util=", 9) == 0 && decimal_units(msg + 9, msg_len - 9, value);
        if (!sample && !alert) return false;
        int64_t day = days_from_civil(num(l, 0, 4), num(l, 5, 2), num(l, 8, 2));
        int64_t offset = (num(l, 24, 2) * 60 + num(l, 27, 2)) * (l[23] == '-' ? -1 : 1);
        ev.instant = ((day * 24 + num(l, 11, 2)) * 60 + num(l, 14, 2) - offset) * MINUTE + num(l, 17, 2) * 1000 + num(l, 20, 3);
        ev.server.assign(l, a + 1, b - a - 1);
        ev.group = index_;
        ev.seq = seq_;
        ev.value = sample ? value : -1;
        ev.alert = alert;
        if (alert) ev.text = l + "\n";
        else ev.text = l.substr(0, 29) + " " + ev.server + " " + string(msg + 9, msg_len - 9) + "\n";
        return true;
    }

    int index_;
    bool want_alerts_;
    vector<string> files_;
    size_t next_file_ = 0;
    FILE* file_ = nullptr;
    char* buf_ = nullptr;
    size_t cap_ = 0;
    string pending_;
    bool pending_ok_ = false;
    int64_t seq_ = 0;
    vector<Event> batch_;
    size_t ready_ = 0;
    Event held_;
    bool has_held_ = false;
};

// All groups merged by (instant, server, group, log order).
class Merged {
  public:
    Merged(const string& root, bool want_alerts) {
        vector<string> groups;
        for (auto& entry : fs::directory_iterator(root))
            if (entry.is_directory()) groups.push_back(entry.path().filename().string());
        sort(groups.begin(), groups.end());
        for (size_t i = 0; i < groups.size(); i++) {
            streams_.emplace_back(new GroupStream(int(i), fs::path(root) / groups[i], want_alerts));
            Event ev;
            if (streams_.back()->next(ev)) push({move(ev), i});
        }
    }
    ~Merged() { for (auto* s : streams_) delete s; }
    bool next(Event& out) {
        if (heap_.empty()) return false;
        pop_heap(heap_.begin(), heap_.end(), Later());
        Item top = move(heap_.back());
        heap_.pop_back();
        Event ev;
        if (streams_[top.stream]->next(ev)) push({move(ev), top.stream});
        out = move(top.event);
        return true;
    }

  private:
    struct Item { Event event; size_t stream; };
    struct Later { bool operator()(const Item& a, const Item& b) const { return before(b.event, a.event); } };
    void push(Item item) {
        heap_.push_back(move(item));
        push_heap(heap_.begin(), heap_.end(), Later());
    }
    vector<GroupStream*> streams_;
    vector<Item> heap_;
};

// Medians in 1e-10 units of one server's windows [T-5min, T), closed in order of T.
struct Windows {
    deque<pair<int64_t, vector<int64_t>>> buckets;
    int64_t closed = -OPEN_END;
    deque<pair<int64_t, int64_t>> medians;
    vector<int64_t> scratch;

    void add(int64_t minute, int64_t v) {
        close(minute);
        if (!buckets.empty() && buckets.back().first == minute) buckets.back().second.push_back(v);
        else buckets.push_back({minute, {v}});
    }
    void close(int64_t upto) {
        if (upto <= closed) return;
        int64_t end = closed + 1;
        while (!buckets.empty()) {
            end = max(end, buckets.front().first + 1);
            if (end > upto || end > buckets.back().first + WINDOW) break;
            while (buckets.front().first < end - WINDOW) buckets.pop_front();
            scratch.clear();
            for (auto& [minute, values] : buckets) {
                if (minute >= end) break;
                scratch.insert(scratch.end(), values.begin(), values.end());
            }
            size_t n = scratch.size(), h = n / 2;
            nth_element(scratch.begin(), scratch.begin() + h, scratch.end());
            int64_t upper = scratch[h], median;
            if (n % 2) median = upper * 10;
            else median = (*max_element(scratch.begin(), scratch.begin() + h) + upper) * 5;
            medians.push_back({end, median});
            end++;
        }
        closed = upto;
    }
};

static string fixed_text(int64_t units, int decimals) {  // exact, trailing zeros dropped
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++) scale *= 10;
    string s = to_string(units / scale);
    string frac = to_string(units % scale);
    frac = string(decimals - frac.size(), '0') + frac;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return frac.empty() ? s : s + "." + frac;
}

static string tokyo_minute(int64_t minute) {
    int64_t local = minute + 9 * 60;
    int64_t days = (local >= 0 ? local : local - 1439) / 1440, rest = local - days * 1440;
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;  // civil_from_days
    unsigned doe = unsigned(z - era * 146097), yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = int64_t(yoe) + era * 400 + (m <= 2);
    char out[80];
    snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld:00+09:00", (long long)y, m, d, (long long)(rest / 60), (long long)(rest % 60));
    return out;
}

static void put(const string& s) { fwrite(s.data(), 1, s.size(), stdout); }

static void over(const string& root, int64_t limit) {
    Merged events(root, false);
    Event ev;
    while (events.next(ev))
        if (ev.value >= 0 && ev.value * 100 > limit) put(ev.text);
}

static void medians(const string& root) {
    map<string, Windows> series;
    Merged events(root, false);
    Event ev;
    while (events.next(ev))
        if (ev.value >= 0) series[ev.server].add(ev.instant / MINUTE, ev.value);
    put("server,window_end,median\n");
    for (auto& [server, w] : series) {
        w.close(OPEN_END);
        for (auto& [end, median] : w.medians) put(server + "," + tokyo_minute(end) + "," + fixed_text(median, 10) + "\n");
    }
}

static void alerts(const string& root, int64_t limit) {
    unordered_map<string, Windows> series;
    deque<Event> waiting;
    auto decide = [&](Event& ev) {
        auto it = series.find(ev.server);
        if (it == series.end()) return;
        int64_t minute = ev.instant / MINUTE;
        it->second.close(minute + WINDOW);
        auto& closed = it->second.medians;
        while (!closed.empty() && closed.front().first <= minute) closed.pop_front();
        for (auto& [end, median] : closed) {
            if (end > minute + WINDOW) break;
            if (median * 10 > limit) { put(ev.text); break; }
        }
    };
    Merged events(root, true);
    Event ev;
    while (events.next(ev)) {
        int64_t minute = ev.instant / MINUTE;
        while (!waiting.empty() && waiting.front().instant / MINUTE + WINDOW <= minute) {
            decide(waiting.front());
            waiting.pop_front();
        }
        if (ev.value >= 0) {
            Windows& w = series[ev.server];
            w.add(minute, ev.value);
            while (!w.medians.empty() && w.medians.front().first < minute - WINDOW) w.medians.pop_front();
        }
        if (ev.alert) waiting.push_back(move(ev));
    }
    for (auto& e : waiting) decide(e);
}

int main(int argc, char** argv) {
    static char out_buf[1 << 16];
    setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    string cmd = argc > 1 ? argv[1] : "";
    int64_t limit = 0;
    if ((cmd == "over" || cmd == "alerts") && (argc != 4 || !decimal_units(argv[3], strlen(argv[3]), limit))) cmd = "";
    if (cmd == "over") over(argv[2], limit);
    else if (cmd == "medians" && argc == 3) medians(argv[2]);
    else if (cmd == "alerts") alerts(argv[2], limit);
    else {
        fprintf(stderr, "usage: run over ROOT THRESHOLD | run medians ROOT | run alerts ROOT THRESHOLD\n");
        return 2;
    }
    fflush(stdout);
    return 0;
}
