# nbgrader's configuration for a course taught in Go with the gopherlab
# kernel; docs/CLASSROOM.md explains it. Run nbgrader's commands in this
# folder (the course's root): nbgrader generate_assignment ps1, and so on.
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "go101"

# What replaces the code between "// BEGIN SOLUTION" and "// END SOLUTION"
# in the students' version, keyed by the notebook's kernelspec language. A
# panic is a terminating statement in Go, so the stub compiles inside a
# function that returns a value, and a test of an unanswered part fails.
c.ClearSolutions.code_stub = {
    "go": '// YOUR CODE HERE\npanic("no answer given")',
}
# The delimiters are found anywhere in a line, so Go's comments carry them:
# "// BEGIN SOLUTION", and "// BEGIN HIDDEN TESTS" in a test cell.
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# A cell of the lesson may wait on goroutines; give each one time.
c.ExecutePreprocessor.timeout = 120

# Where released assignments and submissions meet. On one server, a folder
# every user can write to (the default); on Kubernetes, a volume shared by
# the students' pods, or nbgrader's exchange replaced by another.
# c.Exchange.root = "/srv/nbgrader/exchange"
