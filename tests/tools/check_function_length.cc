// hotdraw_check_function_length: reports every function longer than a limit in C++ sources.
//
//   hotdraw_check_function_length LIMIT FILE_OR_DIRECTORY...
//
// A small lexer (comments, string and character literals, preprocessor lines skipped) tracks the
// braces. A '{' opens a function body when it follows a parameter list at namespace or class
// scope, i.e. the text of the statement before it ends in ')' (optionally followed by const,
// override, noexcept, final, mutable, '-> type', or a constructor's member-initialiser list).
// Lambdas and blocks inside a function count towards that function. A function's length runs
// from the line its declaration starts on to its closing brace. Exit status 1 if any function is
// longer than LIMIT lines, with one line per function: file:line: name: N lines.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace
{
  namespace fs = std::filesystem;

  struct Function
  {
    std::string file, name;
    std::size_t first_line = 0, lines = 0;
  };

  // The source with comments, literals and preprocessor lines blanked (newlines kept).
  std::string strip(const std::string &src)
  {
    std::string out = src;
    std::size_t i = 0;
    const std::size_t n = src.size();
    bool line_start = true;
    while (i < n)
      {
        const char c = src[i];
        if (line_start && c == '#')
          {
            // preprocessor line, with continuations
            while (i < n && !(src[i] == '\n' && (i == 0 || src[i - 1] != '\\')))
              out[i++] = ' ';
            continue;
          }
        if (c == '/' && i + 1 < n && src[i + 1] == '/')
          {
            while (i < n && src[i] != '\n')
              out[i++] = ' ';
            continue;
          }
        if (c == '/' && i + 1 < n && src[i + 1] == '*')
          {
            while (i + 1 < n && !(src[i] == '*' && src[i + 1] == '/'))
              {
                if (src[i] != '\n')
                  out[i] = ' ';
                ++i;
              }
            if (i + 1 < n)
              out[i] = out[i + 1] = ' ';
            i += 2;
            continue;
          }
        if (c == 'R' && i + 1 < n && src[i + 1] == '"')
          {
            // raw string R"delim( ... )delim"
            const std::size_t open = src.find('(', i);
            const std::string delim = ")" + src.substr(i + 2, open - i - 2) + "\"";
            const std::size_t close = src.find(delim, open);
            const std::size_t end = close == std::string::npos ? n : close + delim.size();
            for (; i < end; ++i)
              if (src[i] != '\n')
                out[i] = ' ';
            continue;
          }
        if (c == '"' || c == '\'')
          {
            out[i++] = ' ';
            while (i < n && src[i] != c)
              {
                if (src[i] == '\\' && i + 1 < n)
                  out[i++] = ' ';
                if (src[i] != '\n')
                  out[i] = ' ';
                ++i;
              }
            if (i < n)
              out[i++] = ' ';
            line_start = false;
            continue;
          }
        if (c == '\n')
          line_start = true;
        else if (!std::isspace(static_cast<unsigned char>(c)))
          line_start = false;
        ++i;
      }
    return out;
  }

  std::string trim(const std::string &s)
  {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
      return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  }

  enum class Block
  {
    scope,     // namespace, class, struct, enum, extern "C"
    function,  // a function body
    other      // an initialiser list or other brace pair at scope level
  };

  // The statement without leading template parameter lists ("template <class LA> ...").
  std::string without_template_heads(std::string s)
  {
    for (;;)
      {
        s = trim(s);
        if (s.compare(0, 8, "template") != 0)
          return s;
        const std::size_t open = s.find('<');
        if (open == std::string::npos)
          return s;
        int depth = 0;
        std::size_t i = open;
        for (; i < s.size(); ++i)
          {
            depth += s[i] == '<' ? 1 : s[i] == '>' ? -1 : 0;
            if (depth == 0)
              break;
          }
        s = s.substr(i + 1);
      }
  }

  // What the statement text before a '{' at namespace or class scope opens.
  Block classify(const std::string &statement)
  {
    static const std::regex scope_keyword(R"(\b(namespace|class|struct|union|enum|extern)\b)");
    static const std::regex function_tail(
      R"(\)\s*(const|override|final|noexcept|mutable|volatile|&|&&|\s)*(->\s*[\w:<>,\s\*&]+)?$)");
    // a constructor's member-initialiser list: ") : a(x), b{y}" (the last initialiser may
    // use parentheses or braces)
    static const std::regex initialiser_list(R"(\)\s*:\s*[\w:]+\s*[\(\{][\s\S]*$)");
    const std::string s = without_template_heads(statement);
    if (std::regex_search(s, function_tail) || std::regex_search(s, initialiser_list))
      {
        // "class X : public Y<Z>(" is not a thing; a function may however contain the word
        // 'struct' in its return type only rarely, so check the part before the parameters
        const std::size_t paren = s.find('(');
        if (!std::regex_search(s.substr(0, paren), scope_keyword))
          return Block::function;
      }
    if (std::regex_search(s, scope_keyword))
      return Block::scope;
    return Block::other;
  }

  // A readable name for a function: the identifier before its parameter list.
  std::string function_name(const std::string &statement)
  {
    static const std::regex name(R"((~?\w+(?:<[^()]*?>)?(?:::~?\w+)*|operator\s*[^\s(]+)\s*\()");
    std::smatch m;
    const std::string s = without_template_heads(statement);
    if (std::regex_search(s, m, name))
      return m[1];
    return s.substr(0, 40);
  }

  std::vector<Function> functions(const std::string &file)
  {
    std::ifstream in(file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = strip(buffer.str());
    std::vector<Function> found;
    struct Open
    {
      Block kind;
      std::size_t line;
      std::string name;
    };
    std::vector<Open> stack;
    std::string statement;
    std::size_t line = 1, statement_line = 1;
    bool statement_started = false;
    auto in_function = [&stack] {
      return std::any_of(stack.begin(), stack.end(),
                         [](const Open &o) { return o.kind != Block::scope; });
    };
    for (const char c : text)
      {
        if (c == '\n')
          ++line;
        if (in_function())
          {
            if (c == '{')
              stack.push_back({Block::other, line, ""});
            else if (c == '}')
              {
                const Open o = stack.back();
                stack.pop_back();
                if (o.kind == Block::function)
                  found.push_back({file, o.name, o.line, line - o.line + 1});
                if (!in_function())
                  {
                    statement.clear();
                    statement_started = false;
                  }
              }
            continue;
          }
        if (c == '{')
          {
            const Block kind = classify(statement);
            stack.push_back(
              {kind, statement_line, kind == Block::function ? function_name(statement) : ""});
            statement.clear();
            statement_started = false;
          }
        else if (c == '}' || c == ';')
          {
            if (c == '}' && !stack.empty())
              stack.pop_back();
            statement.clear();
            statement_started = false;
          }
        else
          {
            if (!statement_started && !std::isspace(static_cast<unsigned char>(c)))
              {
                statement_started = true;
                statement_line = line;
              }
            // access specifiers end a statement too
            statement += c;
            const std::string t = trim(statement);
            if (t == "public:" || t == "private:" || t == "protected:")
              {
                statement.clear();
                statement_started = false;
              }
          }
      }
    return found;
  }
}  // namespace

int main(int argc, char **argv)
{
  if (argc < 3)
    {
      std::cerr << "usage: hotdraw_check_function_length LIMIT FILE_OR_DIRECTORY...\n";
      return 2;
    }
  const std::size_t limit = std::stoul(argv[1]);
  std::vector<std::string> files;
  for (int a = 2; a < argc; ++a)
    {
      const fs::path p(argv[a]);
      if (fs::is_directory(p))
        {
          for (const auto &e : fs::recursive_directory_iterator(p))
            if (e.is_regular_file() &&
                (e.path().extension() == ".cc" || e.path().extension() == ".h"))
              files.push_back(e.path().string());
        }
      else
        files.push_back(p.string());
    }
  std::sort(files.begin(), files.end());
  std::size_t n_functions = 0, too_long = 0, longest = 0;
  for (const auto &f : files)
    for (const auto &fn : functions(f))
      {
        ++n_functions;
        longest = std::max(longest, fn.lines);
        if (fn.lines > limit)
          {
            ++too_long;
            std::cout << fn.file << ":" << fn.first_line << ": " << fn.name << ": " << fn.lines
                      << " lines (limit " << limit << ")\n";
          }
      }
  std::cout << files.size() << " files, " << n_functions << " functions, the longest " << longest
            << " lines; " << too_long << " longer than " << limit << "\n";
  return too_long == 0 ? 0 : 1;
}
