#!/usr/bin/env python3
"""gen-users.py N - N users as the CSV of POST /api/imports, on stdout, without passwords.

user<i> (i = 1..N), user<i>@example.com, a given and a family name, attributes.department (one of
12) and three groups: "staff" (everyone), team-<i mod 100> and dept-<department>. Deterministic,
so the query scripts know every name and email without reading the file.
"""
import sys

DEPARTMENTS = ["engineering", "sales", "marketing", "finance", "legal", "support",
               "operations", "research", "design", "hr", "it", "procurement"]
GIVEN = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis"]
FAMILY = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Ritchie"]


def main():
    n = int(sys.argv[1])
    out = sys.stdout
    out.write("userName,email,givenName,familyName,attributes.department,groups\n")
    for i in range(1, n + 1):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        out.write(f"user{i},user{i}@example.com,{GIVEN[i % 10]},{FAMILY[(i // 10) % 10]},{dept},"
                  f"staff;team-{i % 100};dept-{dept}\n")


if __name__ == "__main__":
    main()
